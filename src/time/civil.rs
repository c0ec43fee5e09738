//! Day counts of the proleptic Gregorian and Julian calendars over any
//! `i64` year: plain integer arithmetic on the 400-year (146,097-day) and
//! 4-year (1,461-day) cycles, so years before 1 and after 9999 are as exact
//! as 2014 (chrono stops at about ±262,000 years).
//!
//! Years are astronomical (year 0 is 1 BC); months run 1–12. Day numbers
//! count from 1970-01-01 (Gregorian), the epoch of [`super::Seconds`].
//! Callers keep the year within [`super::MAX_YEAR`], so nothing overflows.

/// Days from 1970-01-01 to the Gregorian `year-month-day` (negative before).
///
/// The count works on years starting in March, so February's leap day is
/// the last day of its year and every other month has a fixed offset.
pub fn days_from_gregorian(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + day_of_march_year(month, day);
    era * 146_097 + doe - 719_468
}

/// The Gregorian `(year, month, day)` of a day number from 1970-01-01.
pub fn gregorian_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    from_march_year(era * 400 + yoe, doy)
}

/// Days from 1970-01-01 (Gregorian) to the Julian `year-month-day`.
///
/// Julian 1 March of year 0 is Gregorian 28 February of year 0, two days
/// before the Gregorian 1 March that [`days_from_gregorian`] counts from.
pub fn days_from_julian(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(4);
    let yoe = y - era * 4;
    let doe = yoe * 365 + day_of_march_year(month, day);
    era * 1461 + doe - 719_470
}

/// The Julian `(year, month, day)` of a day number from 1970-01-01.
pub fn julian_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_470;
    let era = z.div_euclid(1461);
    let doe = z - era * 1461;
    let yoe = (doe - doe / 1460) / 365;
    let doy = doe - 365 * yoe;
    from_march_year(era * 4 + yoe, doy)
}

/// Day of a year that starts on 1 March (0 = 1 March, 365 = 29 February).
fn day_of_march_year(month: u32, day: u32) -> i64 {
    let mp = (i64::from(month) + 9) % 12;
    (153 * mp + 2) / 5 + i64::from(day) - 1
}

/// Year, month and day from a March-based year and its day.
fn from_march_year(y: i64, doy: i64) -> (i64, u32, u32) {
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if month <= 2 { y + 1 } else { y }, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn gregorian_agrees_with_chrono_where_chrono_reaches() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        for year in (-4000..4000)
            .step_by(7)
            .chain([-1, 0, 1, 1600, 1900, 2000, 2100])
        {
            for (m, d) in [(1, 1), (2, 28), (3, 1), (12, 31), (6, 15)] {
                let date = NaiveDate::from_ymd_opt(year as i32, m, d).unwrap();
                let days = (date - epoch).num_days();
                assert_eq!(days_from_gregorian(year, m, d), days, "{year}-{m}-{d}");
                assert_eq!(gregorian_from_days(days), (year, m, d));
            }
        }
        assert_eq!(
            days_from_gregorian(2020, 2, 29) + 1,
            days_from_gregorian(2020, 3, 1)
        );
        assert_eq!(
            days_from_gregorian(1900, 2, 28) + 1,
            days_from_gregorian(1900, 3, 1)
        );
    }

    #[test]
    fn round_trips_at_the_far_edges() {
        for year in [
            -10_000_000_000i64,
            -1_000_000_000,
            -1_000_000,
            12_024,
            1_000_000_000,
            10_000_000_000,
        ] {
            for (m, d) in [(1, 1), (2, 29), (12, 31)] {
                if m == 2 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) {
                    continue;
                }
                let days = days_from_gregorian(year, m, d);
                assert_eq!(gregorian_from_days(days), (year, m, d));
                let j = days_from_julian(year, m, d);
                assert_eq!(julian_from_days(j), (year, m, d));
            }
        }
    }

    #[test]
    fn julian_meets_gregorian_at_the_reform() {
        // Thursday 4 October 1582 (Julian) was followed by Friday 15 October
        // 1582 (Gregorian).
        assert_eq!(
            days_from_julian(1582, 10, 4) + 1,
            days_from_gregorian(1582, 10, 15)
        );
        // In the twentieth century the calendars are 13 days apart.
        assert_eq!(days_from_julian(1969, 12, 19), 0);
        assert_eq!(julian_from_days(0), (1969, 12, 19));
        // Julian 1900 is a leap year, Gregorian 1900 is not.
        assert_eq!(
            julian_from_days(days_from_julian(1900, 2, 29)),
            (1900, 2, 29)
        );
        // The Ides of March, 44 BC (year -43).
        let ides = days_from_julian(-43, 3, 15);
        assert_eq!(julian_from_days(ides), (-43, 3, 15));
        assert_eq!(gregorian_from_days(ides), (-43, 3, 13));
    }
}
