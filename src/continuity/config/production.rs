//! The production sections of `chronotope.toml`: `[days]` (labels of story
//! days outside the main narrative) and `[time-of-day]` (the hours of each
//! part of the day), described in `docs/production.md`.

use crate::engine::days::DayOptions;
use crate::time::daypart::{parse_window, DayPart, Hours};

/// `[days]`: `outside = "X"` and `[days.eras]` with a prefix per era.
pub(super) fn days(table: &toml::Table) -> Result<DayOptions, String> {
    let mut options = DayOptions::default();
    let prefix = |name: &str, value: &toml::Value| -> Result<String, String> {
        match value.as_str() {
            Some(p) if !p.is_empty() && p.chars().all(char::is_alphabetic) => Ok(p.to_string()),
            _ => Err(format!(
                "`{name}` must be a prefix of letters such as \"X\" or \"P\""
            )),
        }
    };
    for (key, value) in table {
        match (key.as_str(), value) {
            ("outside", v) => options.outside = prefix("days.outside", v)?,
            ("eras", toml::Value::Table(eras)) => {
                for (era, v) in eras {
                    let p = prefix(&format!("days.eras.{era}"), v)?;
                    options.eras.push((era.clone(), p));
                }
            }
            _ => {
                return Err(format!(
                    "unknown setting `days.{key}`; the settings are `outside = \"X\"` and `[days.eras]` (`past = \"P\"`)"
                ))
            }
        }
    }
    Ok(options)
}

/// `[time-of-day]`: `night = "20..05"` for any part of the day, and
/// `latitude = 59.3` to follow the sun.
pub(super) fn hours(hours: &mut Hours, table: &toml::Table) -> Result<(), String> {
    for (key, value) in table {
        if key == "latitude" {
            let latitude = match value {
                toml::Value::Float(f) => Some(*f),
                toml::Value::Integer(i) => Some(*i as f64),
                _ => None,
            }
            .filter(|l| (-90.0..=90.0).contains(l))
            .ok_or("`time-of-day.latitude` must be degrees north, -90 to 90, such as 59.3")?;
            hours.set_latitude(latitude);
            continue;
        }
        let Some(part) = DayPart::parse(key).filter(|p| p.word() == key) else {
            let parts: Vec<&str> = DayPart::ALL.iter().map(|p| p.word()).collect();
            return Err(format!(
                "unknown setting `time-of-day.{key}`; the settings are `latitude` and the parts of the day, {}",
                parts.join(", ")
            ));
        };
        let window = value.as_str().and_then(parse_window).ok_or_else(|| {
            format!("`time-of-day.{key}` must be hours such as \"20..05\" or \"06:30..09:00\"")
        })?;
        hours.set(part, window);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::continuity::Config;
    use crate::time::daypart::{DayPart, Window};

    #[test]
    fn days_and_hours_are_read() {
        let c = Config::from_toml(
            "[days]\noutside = \"F\"\n[days.eras]\npast = \"P\"\n[time-of-day]\nnight = \"21..04\"\n",
        )
        .unwrap();
        assert_eq!(c.days.outside, "F");
        assert_eq!(c.days.eras, vec![("past".to_string(), "P".to_string())]);
        assert_eq!(c.hours.window(DayPart::Night), Window::hours(21, 4));
        assert_eq!(c.hours.window(DayPart::Day), Window::hours(7, 18));
    }

    #[test]
    fn bad_settings_are_errors() {
        assert!(Config::from_toml("[days]\noutside = \"X1\"\n").is_err());
        assert!(Config::from_toml("[days]\nprefix = \"X\"\n").is_err());
        assert!(Config::from_toml("[time-of-day]\nnoon = \"12..13\"\n").is_err());
        assert!(Config::from_toml("[time-of-day]\nNIGHT = \"12..13\"\n").is_err());
        assert!(Config::from_toml("[time-of-day]\nnight = \"late\"\n").is_err());
        assert!(Config::from_toml("[time-of-day]\nlatitude = 91\n").is_err());
        assert!(Config::from_toml("[time-of-day]\nlatitude = \"north\"\n").is_err());
        assert!(Config::from_toml("[time-of-day]\nlatitude = -33.9\n").is_ok());
    }
}
