//! The calendar arithmetic against brute force and known dates.

use super::*;
use crate::time::{Unit, DAY};

fn harptos() -> Calendar {
    let month = |name: &str| Period {
        name: name.into(),
        short: None,
        length: 30,
        intercalary: false,
        advances_week: true,
    };
    let festival = |name: &str, length| Period {
        name: name.into(),
        short: None,
        length,
        intercalary: true,
        advances_week: false,
    };
    let periods = vec![
        month("Hammer"),
        festival("Midwinter", 1),
        month("Alturiak"),
        month("Ches"),
        month("Tarsakh"),
        festival("Greengrass", 1),
        month("Mirtul"),
        month("Kythorn"),
        month("Flamerule"),
        festival("Midsummer", 1),
        festival("Shieldmeet", 0),
        month("Eleasias"),
        month("Eleint"),
        festival("Highharvestide", 1),
        month("Marpenoth"),
        month("Uktar"),
        festival("Feast of the Moon", 1),
        month("Nightal"),
    ];
    let every4 = vec![Interval {
        every: 4,
        exclusive: false,
        ignore_offset: false,
    }];
    Calendar::custom(Definition {
        name: "Calendar of Harptos".into(),
        periods,
        leap_days: vec![("Shieldmeet".into(), 10, every4, 0, false)],
        weekdays: (1..=10).map(|i| format!("Day{i}")).collect(),
        week_restarts: true,
        hours_per_day: 24,
        minutes_per_hour: 60,
        eras: vec![Era {
            name: "DR".into(),
            start: Some((1, 1, 1)),
            backwards: false,
            restart: false,
        }],
        ..Definition::default()
    })
    .unwrap()
}

fn date(c: &Calendar, y: i64, m: u32, d: u32) -> Seconds {
    c.bounds(&DateTimeSpec::written(y, Some(m), Some(d), None, None).unwrap())
        .unwrap()
        .0
}

#[test]
fn gregorian_weekdays_are_real() {
    let g = Calendar::gregorian();
    assert_eq!(g.weekday(date(&g, 2014, 5, 17)), Some("Saturday"));
    assert_eq!(g.weekday(date(&g, 1970, 1, 1)), Some("Thursday"));
    assert_eq!(g.weekday(date(&g, 1, 1, 1)), Some("Monday"));
    // The Julian 4 October 1582 was a Thursday, as the day before the
    // Gregorian Friday 15 October.
    let j = Calendar::julian();
    assert_eq!(j.weekday(date(&j, 1582, 10, 4)), Some("Thursday"));
    assert_eq!(g.weekday(date(&g, 1582, 10, 15)), Some("Friday"));
}

#[test]
fn harptos_days_run_through_festivals_and_leap_years() {
    let h = harptos();
    assert_eq!(h.common_year_days(), 365);
    // 30 Hammer, Midwinter, 1 Alturiak on consecutive days.
    let hammer30 = date(&h, 1372, 1, 30);
    assert_eq!(h.text(hammer30 + DAY, Precision::Day), "Midwinter 1372 DR");
    assert_eq!(
        h.text(hammer30 + 2 * DAY, Precision::Day),
        "1 Alturiak 1372 DR"
    );
    // 1372 is a leap year: Shieldmeet follows Midsummer.
    let midsummer = date(&h, 1372, 10, 1);
    assert_eq!(
        h.text(midsummer + DAY, Precision::Day),
        "Shieldmeet 1372 DR"
    );
    assert_eq!(
        h.text(midsummer + 2 * DAY, Precision::Day),
        "1 Eleasias 1372 DR"
    );
    let y1371 = date(&h, 1371, 10, 1);
    assert_eq!(h.text(y1371 + DAY, Precision::Day), "1 Eleasias 1371 DR");
    assert!(h
        .validate(&DateTimeSpec::written(1371, Some(11), Some(1), None, None).unwrap())
        .is_err());
    // Four years are 4 · 365 + 1 days.
    assert_eq!(date(&h, 1376, 1, 1) - date(&h, 1372, 1, 1), 1461 * DAY);
    // Month 18 of 18 exists, 19 does not.
    assert!(h
        .validate(&DateTimeSpec::written(1372, Some(19), Some(1), None, None).unwrap())
        .is_err());
}

#[test]
fn custom_days_round_trip_over_a_long_range() {
    let h = harptos();
    let start = date(&h, -3000, 1, 1) / DAY;
    let mut prev: Option<Civil> = None;
    for day in (start..start + 3 * 1461 + 7).chain(-400..400) {
        let c = h.split(day * DAY);
        let back = h.day_number(c.year, c.period, c.day);
        assert_eq!(back, i128::from(day), "{c:?}");
        if let Some(p) = prev {
            if day == p.day_number + 1 {
                assert!((c.year, c.period, c.day) > (p.year, p.period, p.day));
            }
        }
        prev = Some(c);
    }
}

#[test]
fn month_runs_include_festivals_and_years_are_whole() {
    let h = harptos();
    // A month is 30 days, or 31 across a festival, or 32 across
    // Midsummer and Shieldmeet.
    assert_eq!(h.month_run_days(1), Some((30, 32)));
    assert_eq!(h.month_run_days(12), Some((365, 366)));
    let years = Duration::from_parts(&[(4, Unit::Year)]).unwrap();
    assert_eq!(h.duration_bounds(&years).unwrap(), (1461 * DAY, 1461 * DAY));
}

#[test]
fn a_thirty_one_hour_day() {
    let mut def = Definition {
        name: "long".into(),
        periods: vec![Period {
            name: "Only".into(),
            short: None,
            length: 100,
            intercalary: false,
            advances_week: true,
        }],
        weekdays: vec!["A".into(), "B".into(), "C".into()],
        hours_per_day: 31,
        minutes_per_hour: 60,
        ..Definition::default()
    };
    let c = Calendar::custom(def.clone()).unwrap();
    assert_eq!(c.day_seconds(), 31 * 3600);
    let day = Duration::from_parts(&[(1, Unit::Day)]).unwrap();
    assert_eq!(c.duration_bounds(&day).unwrap(), (31 * 3600, 31 * 3600));
    let week = Duration::from_parts(&[(1, Unit::Week)]).unwrap();
    assert_eq!(c.duration_bounds(&week).unwrap().0, 3 * 31 * 3600);
    let late = DateTimeSpec::written(5, Some(1), Some(3), Some((30, 59)), None).unwrap();
    assert!(c.validate(&late).is_ok());
    let too_late = DateTimeSpec::written(5, Some(1), Some(3), Some((31, 0)), None).unwrap();
    assert_eq!(c.validate(&too_late), Err(DateError::Time("hour", 31, 30)));
    assert_eq!(
        c.text(c.bounds(&late).unwrap().0, Precision::Minute),
        "3 Only 5 30:59"
    );
    def.hours_per_day = 0;
    assert_eq!(
        Calendar::custom(def).unwrap_err(),
        DefinitionError::DayLength
    );
}

#[test]
fn eras_count_both_ways() {
    let mut def = Definition {
        name: "saga".into(),
        periods: vec![Period {
            name: "Moon".into(),
            short: None,
            length: 30,
            intercalary: false,
            advances_week: true,
        }],
        weekdays: vec!["Day".into()],
        hours_per_day: 24,
        minutes_per_hour: 60,
        ..Definition::default()
    };
    def.eras = vec![
        Era {
            name: "BBY".into(),
            start: Some((1, 1, 1)),
            backwards: true,
            restart: true,
        },
        Era {
            name: "ABY".into(),
            start: Some((1, 1, 1)),
            backwards: false,
            restart: true,
        },
    ];
    let c = Calendar::custom(def).unwrap();
    assert_eq!(c.year_label(-31, 1, 1), "32 BBY");
    assert_eq!(c.year_label(0, 1, 1), "1 BBY");
    assert_eq!(c.year_label(3, 1, 1), "3 ABY");
    assert_eq!(c.year_in_era(0, 32), Some(-31));
    assert_eq!(c.year_in_era(1, 3), Some(3));
    let g = Calendar::gregorian();
    assert_eq!(g.year_label(-43, 3, 15), "44 BC");
    assert_eq!(g.year_label(2014, 1, 1), "2014");
    assert_eq!(g.year_in_era(g.era_named("bc").unwrap(), 44), Some(-43));
}

#[test]
fn custom_iso_years_are_unpadded_and_signed_only_below_0() {
    let h = harptos();
    assert_eq!(h.iso(date(&h, 7, 1, 1)), "7-01-01T00:00:00");
    assert_eq!(h.iso(date(&h, 1372, 3, 15) + 59), "1372-03-15T00:00:59");
    assert_eq!(h.iso(date(&h, 12024, 1, 1)), "12024-01-01T00:00:00");
    assert_eq!(h.iso(date(&h, 0, 1, 1)), "0-01-01T00:00:00");
    assert_eq!(h.iso(date(&h, -43, 1, 1) - 1), "-44-18-30T23:59:59");
    let g = Calendar::gregorian();
    assert_eq!(g.iso(date(&g, 12024, 1, 1)), "+12024-01-01T00:00:00");
    assert_eq!(g.iso(date(&g, -43, 3, 15)), "-0043-03-15T00:00:00");
}

proptest::proptest! {
    /// The custom calendar's ISO form is its split, field by field, as
    /// `format!` printed it before the allocation-free formatter.
    #[test]
    fn custom_iso_is_the_split_printed(t in -400_000_000_000i64..400_000_000_000) {
        let h = harptos();
        let c = h.split(t);
        let old = format!(
            "{}-{:02}-{:02}T{:02}:{:02}:{:02}",
            c.year, c.period, c.day, c.hour, c.minute, c.second
        );
        proptest::prop_assert_eq!(h.iso(t), old.clone());
        let stamp = h.iso_display(t).stamp();
        proptest::prop_assert_eq!(stamp.as_str(), old);
    }
}
