//! Dates as Aeon Timeline and spreadsheets write them in a table's `start`
//! / `Start Date` and `end` / `End Date` cells, turned into the dates the
//! scene-file grammar reads.
//!
//! Aeon Timeline shows and exports dates as its date-format setting says
//! (`dd/mm/yyyy`, `mm/dd/yyyy` or `yyyy-mm-dd`) and reads typed dates such as
//! `Jan 28 2024` or `28 Jan 2024`; spreadsheets add times such as `6:30 PM`.
//! A slash date's first two numbers are read in the order the table itself
//! shows: a cell whose first number is over 12 (`17/05/2014`) makes the
//! table day-first, one whose second is (`05/17/2014`) month-first. A table
//! with no such cell is read month first, with a warning at its first
//! ambiguous date (`docs/csv.md`). Two-digit years are refused: which
//! century they mean is a setting of the app that wrote them.

use super::table::Cell;
use crate::diagnostics::{codes, Diagnostic};
use crate::syntax::literal;
use crate::syntax::tree::{DateLit, PropertyValue, SceneLine, StoryConstraint, StoryItem};
use crate::text::clip;

/// Which of a numeric date's first two numbers is the month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// `05/17/2014`.
    MonthFirst,
    /// `17/05/2014`.
    DayFirst,
}

/// A date cell turned into the grammar's form.
#[derive(Debug, PartialEq, Eq)]
pub struct Converted {
    /// `2014-05-17`, `2014-05-17T18:30`, `2014-05`.
    pub iso: String,
    /// Its day and month could be read either way (`05/06/2014`).
    pub ambiguous: bool,
}

/// The order a cell shows, when its first two numbers can be read only one
/// way (`05/17/2014` → month first).
pub fn evidence(text: &str) -> Option<Order> {
    let (date, _) = split_time(text)?;
    let (_, [a, b, c]) = numeric_parts(&date)?;
    if c.len() != 4 {
        return None;
    }
    let (x, y) = (number(a)?, number(b)?);
    match (x > 12, y > 12) {
        (true, false) => Some(Order::DayFirst),
        (false, true) => Some(Order::MonthFirst),
        _ => None,
    }
}

/// The cell as the grammar writes it, when it is a date in a form the
/// grammar does not read (`05/17/2014 6:30 PM` → `2014-05-17T18:30`).
/// `None` for anything else (an ISO date, an expression such as `after
/// ferry`), which the grammar reads as written; `Err` with the reason for a
/// date that cannot be (a 13th month, a two-digit year).
pub fn convert(text: &str, order: Order) -> Option<Result<Converted, String>> {
    let (date, time) = split_time(text)?;
    let time = match time.as_deref().map(clock) {
        None => None,
        Some(Some(t)) => Some(t),
        Some(None) => return None,
    };
    let read = match numeric_parts(&date) {
        Some((sep, parts)) => numeric(sep, parts, order)?,
        None => named(&date)?.map(|ymd| (ymd, false)),
    };
    let ((year, month, day), ambiguous) = match read {
        Ok(r) => r,
        Err(e) => return Some(Err(e)),
    };
    Some(checked(year, month, day).map(|()| {
        let mut iso = format!("{year}-{month:02}");
        if let Some(d) = day {
            iso.push_str(&format!("-{d:02}"));
        }
        if let (Some(t), Some(_)) = (time, day) {
            iso.push('T');
            iso.push_str(&t);
        }
        Converted { iso, ambiguous }
    }))
}

/// A date's year, month and day (`None` for a month such as `January
/// 2024`).
type Ymd = (i64, u32, Option<u32>);

/// A numeric date and whether its day and month could be read either way;
/// `None` for the grammar's own `2014-05-17`, which it reads as written.
fn numeric(sep: char, [a, b, c]: [&str; 3], order: Order) -> Option<Result<(Ymd, bool), String>> {
    if a.len() == 4 {
        if sep == '-' {
            return None;
        }
        let ymd = (i64::from(number(a)?), number(b)?, Some(number(c)?));
        return Some(Ok((ymd, false)));
    }
    if c.len() != 4 {
        return Some(Err(short_year(c)));
    }
    let (x, y) = (number(a)?, number(b)?);
    let ambiguous = x <= 12 && y <= 12 && x != y;
    let (month, day) = match order {
        Order::MonthFirst => (x, y),
        Order::DayFirst => (y, x),
    };
    Some(Ok(((i64::from(number(c)?), month, Some(day)), ambiguous)))
}

/// Why a year of fewer than four digits is refused.
fn short_year(year: &str) -> String {
    format!(
        "`{year}` is a {}-digit year: write the year in full (which century it means is a setting of the app that wrote it)",
        year.len()
    )
}

/// A month-name date: `May 17 2014`, `17 May 2014`, `May 2014`, with or
/// without a weekday before it (`Saturday, May 17, 2014`, as spreadsheets
/// write a long date).
fn named(date: &str) -> Option<Result<Ymd, String>> {
    let mut words: Vec<&str> = date.split_whitespace().collect();
    if words.len() > 2 && weekday(words[0]) {
        words.remove(0);
    }
    let year = |w: &str| -> Option<Result<i64, String>> {
        if !w.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(if w.len() == 4 {
            Ok(i64::from(number(w)?))
        } else {
            Err(short_year(w))
        })
    };
    let day = |w: &str| number(w.trim_end_matches(|c: char| c.is_ascii_alphabetic()));
    let (month, day, y) = match words[..] {
        [m, d, y] if month_number(m).is_some() => (month_number(m)?, Some(day(d)?), y),
        [d, m, y] if month_number(m).is_some() => (month_number(m)?, Some(day(d)?), y),
        [m, y] => (month_number(m)?, None, y),
        _ => return None,
    };
    Some(year(y)?.map(|y| (y, month, day)))
}

/// `Sat`, `Saturday` (any case).
fn weekday(word: &str) -> bool {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    w.len() >= 3 && DAYS.iter().any(|d| d.starts_with(&w))
}

/// `Jan`, `January`, `Sept` (any case) → its month number.
fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let w = if w == "sept" { "sep".to_string() } else { w };
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w))
        .map(|i| i as u32 + 1)
}

/// Whether the day exists in the (Gregorian) month: a slash date is a
/// Gregorian habit, as in [`literal::slash_date`].
fn checked(year: i64, month: u32, day: Option<u32>) -> Result<(), String> {
    if !(1..=12).contains(&month) {
        return Err(format!("there is no month {month}"));
    }
    if let Some(d) = day {
        let last = crate::time::days_in_month(year, month);
        if !(1..=last).contains(&d) {
            return Err(format!(
                "day {d} is not in month {month} of {year}, which has {last} days"
            ));
        }
    }
    Ok(())
}

/// The date part (commas dropped) and the time of day, if any: `05/17/2014
/// 6:30 PM` → (`05/17/2014`, `6:30pm`). `None` for an empty cell.
fn split_time(text: &str) -> Option<(String, Option<String>)> {
    let text = text.trim().replace(',', " ");
    let mut words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let meridiem = |w: &str| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "am" | "pm" | "a.m." | "p.m."
        )
    };
    let mut time = None;
    if words.len() >= 2 && meridiem(words[words.len() - 1]) {
        let m = words.pop()?;
        let t = words.pop()?;
        time = Some(format!("{t}{}", m.to_ascii_lowercase()));
    } else if let Some(last) = words.last().filter(|w| {
        w.contains(':')
            || (w.len() > 2 && meridiem(&w[w.len() - 2..]) && w.as_bytes()[0].is_ascii_digit())
    }) {
        time = Some(last.to_ascii_lowercase());
        words.pop();
    }
    Some((words.join(" "), time))
}

/// A time of day on the grammar's 24-hour clock: `18:30`, `18:30:05`,
/// `6:30pm`, `6pm`, `6:30:05 pm`.
fn clock(text: &str) -> Option<String> {
    let t = text.trim();
    let twelve = t.ends_with("am") || t.ends_with("pm") || t.ends_with(".m.");
    if !twelve {
        let parts: Vec<&str> = t.split(':').collect();
        let ok = matches!(parts.len(), 2 | 3)
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
            && parts[1..].iter().all(|p| p.len() == 2)
            && number(parts[0])? < 24
            && number(parts[1])? < 60
            && parts
                .get(2)
                .map_or(Some(true), |s| number(s).map(|s| s < 60))?;
        return ok.then(|| {
            format!(
                "{:02}:{}",
                number(parts[0]).unwrap_or(0),
                parts[1..].join(":")
            )
        });
    }
    // `6:30:05pm`: the seconds ride along after the 12-hour conversion.
    let digits_end = t.find(|c: char| c.is_ascii_alphabetic())?;
    let (clock, suffix) = t.split_at(digits_end);
    let mut parts: Vec<&str> = clock.split(':').collect();
    let seconds = (parts.len() == 3).then(|| parts.pop()).flatten();
    let hm = literal::twelve_hour(&format!("{}{suffix}", parts.join(":")))?;
    match seconds {
        Some(s) if s.len() == 2 && number(s)? < 60 => Some(format!("{hm}:{s}")),
        Some(_) => None,
        None => Some(hm),
    }
}

/// A numeric date's separator and three parts (`05/17/2014`,
/// `17.05.2014`, `2014/05/17`, `05-17-2014`), or `None`.
fn numeric_parts(date: &str) -> Option<(char, [&str; 3])> {
    let sep = ['/', '.', '-'].into_iter().find(|s| date.contains(*s))?;
    let parts: Vec<&str> = date.split(sep).collect();
    let [a, b, c] = parts[..] else { return None };
    [a, b, c]
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|x| x.is_ascii_digit()))
        .then_some((sep, [a, b, c]))
}

/// A run of ASCII digits as a number.
fn number(text: &str) -> Option<u32> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// A table's date cells, read with the order the table shows.
impl super::TableReader<'_> {
    /// Settle the day/month order from the first `start` or `end` cell
    /// whose numbers can be read only one way.
    pub(super) fn date_order(&mut self, columns: &[Option<super::Column>], rows: &[Vec<Cell>]) {
        let dated: Vec<usize> = columns
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c, Some(super::Column::Start | super::Column::End)))
            .map(|(i, _)| i)
            .collect();
        let shown = rows
            .iter()
            .flat_map(|row| dated.iter().filter_map(|&i| row.get(i)))
            .find_map(|cell| evidence(&cell.value));
        if let Some(order) = shown {
            self.order = order;
            self.order_shown = true;
        }
    }

    /// A `start` or `end` cell as a `story:` line: a date in a form the
    /// grammar does not read is converted (its errors span the cell);
    /// anything else is parsed where it is written.
    pub(super) fn start_date(&mut self, cell: &Cell) -> SceneLine {
        let span = self.cell_span(cell);
        let converted = match convert(&cell.value, self.order) {
            None => return self.grammar("story", cell),
            Some(Ok(c)) => c,
            Some(Err(why)) => {
                let other = match self.order {
                    Order::MonthFirst => Order::DayFirst,
                    Order::DayFirst => Order::MonthFirst,
                };
                let mut help = self.order_help();
                if let Some(Ok(c)) = convert(&cell.value, other) {
                    help.push_str(&format!(" (`{}` if the day comes first here)", c.iso));
                }
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::INVALID_DATE,
                        format!("invalid date `{}`", clip(cell.value.trim())),
                    )
                    .primary(span, why)
                    .help(help),
                );
                return super::property("story", PropertyValue::Story(Vec::new()), span);
            }
        };
        if converted.ambiguous && !self.order_shown && !self.warned_ambiguous {
            self.warned_ambiguous = true;
            self.diagnostics.push(
                Diagnostic::warning(
                    codes::AMBIGUOUS_DATE,
                    format!("`{}` could be read either way", clip(cell.value.trim())),
                )
                .primary(span, format!("read month first, as {}", converted.iso))
                .help("no date in this table has a day over 12 to settle the order; write dates as `YYYY-MM-DD` to make them certain"),
            );
        }
        let Ok(value) = literal::date(&converted.iso) else {
            return self.grammar("story", cell);
        };
        let item = StoryItem {
            constraint: Some(StoryConstraint::At {
                from: DateLit {
                    value,
                    span,
                    readable: None,
                },
                to: None,
            }),
            duration: None,
            span,
        };
        super::property("story", PropertyValue::Story(vec![item]), span)
    }

    /// How the table's numeric dates are read.
    fn order_help(&self) -> String {
        let order = match self.order {
            Order::MonthFirst => "month first (`mm/dd/yyyy`)",
            Order::DayFirst => "day first (`dd/mm/yyyy`)",
        };
        let why = if self.order_shown {
            "as its other dates show"
        } else {
            "as no date shows otherwise"
        };
        format!("this table's dates are read {order}, {why}; write the date as `YYYY-MM-DD` with four digits for the year")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str, order: Order) -> Option<Result<String, String>> {
        convert(text, order).map(|r| r.map(|c| c.iso))
    }

    #[test]
    fn slash_dates_read_in_the_tables_order() {
        let ok = |s: &str| Some(Ok(s.to_string()));
        assert_eq!(iso("05/17/2014", Order::MonthFirst), ok("2014-05-17"));
        assert_eq!(iso("17/05/2014", Order::DayFirst), ok("2014-05-17"));
        assert_eq!(iso("05/06/2014", Order::MonthFirst), ok("2014-05-06"));
        assert_eq!(iso("05/06/2014", Order::DayFirst), ok("2014-06-05"));
        assert_eq!(iso("17.05.2014", Order::DayFirst), ok("2014-05-17"));
        assert_eq!(iso("05-17-2014", Order::MonthFirst), ok("2014-05-17"));
        assert_eq!(iso("2014/05/17", Order::DayFirst), ok("2014-05-17"));
        assert_eq!(iso("5/7/2014", Order::MonthFirst), ok("2014-05-07"));
        // A month over 12 in the table's order is an error, not a swap.
        assert!(
            matches!(iso("17/05/2014", Order::MonthFirst), Some(Err(e)) if e.contains("month 17"))
        );
        assert!(
            matches!(iso("02/30/2014", Order::MonthFirst), Some(Err(e)) if e.contains("day 30"))
        );
        assert_eq!(iso("02/29/2016", Order::MonthFirst), ok("2016-02-29"));
        assert!(matches!(iso("02/29/2015", Order::MonthFirst), Some(Err(_))));
        assert!(
            matches!(iso("05/17/14", Order::MonthFirst), Some(Err(e)) if e.contains("2-digit"))
        );
    }

    #[test]
    fn ambiguity_and_evidence() {
        assert!(
            convert("05/06/2014", Order::MonthFirst)
                .unwrap()
                .unwrap()
                .ambiguous
        );
        assert!(
            !convert("05/05/2014", Order::MonthFirst)
                .unwrap()
                .unwrap()
                .ambiguous
        );
        assert!(
            !convert("05/17/2014", Order::MonthFirst)
                .unwrap()
                .unwrap()
                .ambiguous
        );
        assert_eq!(evidence("05/17/2014"), Some(Order::MonthFirst));
        assert_eq!(evidence("17/05/2014 18:00"), Some(Order::DayFirst));
        assert_eq!(evidence("12/12/2014"), None);
        assert_eq!(evidence("13/13/2014"), None);
        assert_eq!(evidence("2014/05/17"), None);
    }

    #[test]
    fn times_and_month_names() {
        let ok = |s: &str| Some(Ok(s.to_string()));
        let m = Order::MonthFirst;
        assert_eq!(iso("05/17/2014 18:00", m), ok("2014-05-17T18:00"));
        assert_eq!(iso("05/17/2014 6:30 PM", m), ok("2014-05-17T18:30"));
        assert_eq!(iso("05/17/2014 6pm", m), ok("2014-05-17T18:00"));
        assert_eq!(iso("05/17/2014 12:05 a.m.", m), ok("2014-05-17T00:05"));
        assert_eq!(iso("05/17/2014 6:30:15 PM", m), ok("2014-05-17T18:30:15"));
        assert_eq!(iso("05/17/2014 18:00:15", m), ok("2014-05-17T18:00:15"));
        assert_eq!(iso("May 17, 2014", m), ok("2014-05-17"));
        assert_eq!(iso("17 May 2014 18:00", m), ok("2014-05-17T18:00"));
        assert_eq!(iso("Jan 28 2024", m), ok("2024-01-28"));
        assert_eq!(iso("sept 3rd 2024", m), ok("2024-09-03"));
        assert_eq!(iso("January 2024", m), ok("2024-01"));
        assert_eq!(iso("Saturday, May 17, 2014", m), ok("2014-05-17"));
        assert_eq!(iso("Sat 17 May 2014 6pm", m), ok("2014-05-17T18:00"));
        assert!(matches!(iso("28 Jan 24", m), Some(Err(_))));
        // The grammar's own forms and anything else are left to it.
        assert_eq!(iso("2014-05-17", m), None);
        assert_eq!(iso("2014-05-17 18:00", m), None);
        assert_eq!(iso("after ferry by 1d", m), None);
        assert_eq!(iso("2014", m), None);
        assert_eq!(iso("05/17/2014 25:00", m), None);
        assert_eq!(iso("", m), None);
    }
}
