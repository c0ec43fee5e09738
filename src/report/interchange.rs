//! What other tools read: Aeon Timeline's CSV import and the Story Curves
//! JSON of the storyexplorer datasets (`chronotope export --format …`,
//! `docs/csv.md`). `csv_reader` reads both back.

use std::io::Write;

use serde::{Serialize, Serializer};

use crate::engine::Chronology;
use crate::model::Story;
use crate::text::escape::csv_cell_quoted;

/// The header row Aeon Timeline maps without configuration.
const AEON_COLUMNS: [&str; 5] = [
    "Title",
    "Start Date",
    "End Date",
    "Participants",
    "Location",
];

/// `export --format aeon-csv`: one row per scene in telling order, every
/// cell quoted and neutralised, several participants joined by `|`. Start
/// and end are the earliest the story allows; a scene the story does not
/// date has empty dates.
pub fn aeon_csv(story: &Story, chronology: &Chronology) -> String {
    crate::report::written(|out| write_aeon_csv(story, chronology, out))
}

/// [`aeon_csv`] written to `out` row by row.
pub fn write_aeon_csv(
    story: &Story,
    chronology: &Chronology,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    out.write_all(AEON_COLUMNS.map(csv_cell_quoted).join(",").as_bytes())?;
    out.write_all(b"\r\n")?;
    for (i, scene) in story.scenes.values().enumerate() {
        let p = chronology.placements.get(i);
        let start = p.and_then(|p| p.start.earliest);
        let end = p
            .and_then(|p| p.end.earliest)
            .filter(|&e| start.is_some_and(|s| e > s));
        let cast: Vec<&str> = scene
            .cast
            .iter()
            .map(|c| story.character(c.character).name.as_str())
            .collect();
        let cells = [
            scene.title.to_string(),
            start.map(|t| story.calendar.human(t)).unwrap_or_default(),
            end.map(|t| story.calendar.human(t)).unwrap_or_default(),
            cast.join("|"),
            scene
                .place
                .as_ref()
                .map(|p| p.text.to_string())
                .unwrap_or_default(),
        ];
        let mut line = cells
            .iter()
            .map(|c| csv_cell_quoted(c))
            .collect::<Vec<_>>()
            .join(",");
        line.push_str("\r\n");
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

#[derive(Serialize)]
struct CurveFile<'a> {
    script_info: CurveInfo<'a>,
}

#[derive(Serialize)]
struct CurveInfo<'a> {
    title: &'a str,
    characters: Vec<&'a str>,
    scenes: CurveScenes<'a>,
}

/// The scenes of [`CurveInfo`], each made as it is written.
struct CurveScenes<'a> {
    story: &'a Story,
    chronology: &'a Chronology,
    /// Each scene's place in the chronology, by telling.
    story_order: Vec<usize>,
}

impl Serialize for CurveScenes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (story, chronology) = (self.story, self.chronology);
        serializer.collect_seq(story.scenes.values().enumerate().map(|(i, scene)| {
            CurveScene {
                narrative_order: i,
                story_order: self.story_order[i],
                characters: scene
                    .cast
                    .iter()
                    .map(|c| story.character(c.character).name.as_str())
                    .collect(),
                scene_metadata: CurveMetadata {
                    location: scene.place.as_ref().map(|p| p.text.as_str()),
                    time: start_of(story, chronology, i),
                    setting: None,
                },
            }
        }))
    }
}

#[derive(Serialize)]
struct CurveScene<'a> {
    narrative_order: usize,
    story_order: usize,
    characters: Vec<&'a str>,
    scene_metadata: CurveMetadata<'a>,
}

#[derive(Serialize)]
struct CurveMetadata<'a> {
    location: Option<&'a str>,
    time: Option<String>,
    setting: Option<&'a str>,
}

/// `export --format storycurve`: the storyexplorer shape, both orders
/// 0-based as in the published files. `narrative_order` is the telling
/// order; `story_order` the chronology, with scenes the story does not
/// place after every placed one, in telling order.
pub fn storycurve(story: &Story, chronology: &Chronology) -> String {
    crate::report::written(|out| write_storycurve(story, chronology, out))
}

/// [`storycurve`] written to `out` scene by scene.
pub fn write_storycurve(
    story: &Story,
    chronology: &Chronology,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut story_order = vec![0; story.scenes.len()];
    let placed = chronology.order.iter().chain(&chronology.unplaced);
    for (k, id) in placed.enumerate() {
        if let Some(slot) = story_order.get_mut(id.index()) {
            *slot = k;
        }
    }
    let file = CurveFile {
        script_info: CurveInfo {
            title: &story.title,
            characters: story.characters.values().map(|c| c.name.as_str()).collect(),
            scenes: CurveScenes {
                story,
                chronology,
                story_order,
            },
        },
    };
    crate::text::write_pretty_json(out, &file)
}

/// The earliest start of a scene, as people read dates.
fn start_of(story: &Story, chronology: &Chronology, index: usize) -> Option<String> {
    chronology
        .placements
        .get(index)
        .and_then(|p| p.start.earliest)
        .map(|t| story.calendar.human(t))
}
