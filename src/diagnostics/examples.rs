//! Examples and fixes for the rules, shown by `chronotope explain CODE` and
//! in SARIF rule help. Each example is a complete story that triggers its
//! code (the test suite checks this); the fix says what to change.

/// A rule's example and fix.
pub struct Example {
    /// The code.
    pub code: &'static str,
    /// A complete scene file that triggers the code.
    pub example: &'static str,
    /// How to fix it.
    pub fix: &'static str,
}

/// Examples by code, in code order.
pub const ALL: &[Example] = &[
    Example {
        code: "E0301",
        example: "title: T\nscene a: A\n  story: 2020-01-01 for 1d\nscene b: B\n  story: after a by 2d, before a\n",
        fix: "The labelled constraints form a cycle; change or remove one of them. Here `b` cannot be both two days after `a` and before it.",
    },
    Example {
        code: "W0302",
        example: "title: T\nscene a: A\n  story: 2020-01-01\nscene b: B\n",
        fix: "Give the scene a `story:` line: a date, an era, or a relation such as `story: after a`.",
    },
    Example {
        code: "W0303",
        example: "",
        fix: "Only the first 100 contradictions are reported; fix them and run again.",
    },
    Example {
        code: "W0304",
        example: "title: T\nscene a: A\n  story: +9000000000\nscene b: B\n  story: after a by 500000000y\n",
        fix: "Check the gaps and offsets that lead to the scene (`by`, `+`, `for`): story-time reaches about nine billion years either way.",
    },
    Example {
        code: "E0305",
        example: "title: T\nscene a: A\n  story: 2020-01-01\n  repeats: b\nscene b: B\n  repeats: a\n",
        fix: "Remove `repeats:` from the scene shown first; the others repeat it.",
    },
    Example {
        code: "W0306",
        example: "title: T\nscene a: A\n  screen: 00:00:00 .. 32:00:00\n  story: 2020-01-01\n",
        fix: "Correct the timecode (`00:32:00`); for a work longer than ten hours set `[telling] runtime` in chronotope.toml.",
    },
    Example {
        code: "W0307",
        example: "title: T\nera present: 2018 .. 2022\nscene a: A\n  story: 2018-06-01 18:00, present\n",
        fix: "Give the scene its length: `story: 2018-06-01 18:00 for 2h`.",
    },
    Example {
        code: "E0401",
        example: "title: T\nera past: 2014-05 .. 2020-09\nera present: 2020-10 ..\nmarker hair:\n  dark: past\n  bleached: present\nscene ferry-again: The ferry, alone\n  story: 2020-10-10\n  hair: dark\n",
        fix: "If the date is right, give the marker the value for the scene's era (`hair: bleached`); if the look is right, correct the date.",
    },
    Example {
        code: "W0402",
        example: "title: T\nmarker bandage:\n  on:\n  off:\nscene a: A\n  story: 2020-01-01\n  bandage: on\nscene b: B\n  story: 2020-01-02\n  bandage: off\nscene c: C\n  story: 2020-01-03\n  bandage: on\n",
        fix: "If the change back is real, say so with a note on the marker line (`bandage: on (hurt again)`), here or in a scene in between; otherwise correct the value.",
    },
    Example {
        code: "E0403",
        example: "title: T\ncharacter Semih\nscene ferry: Ferry\n  story: 2014-05-17 18:00 for 40m\n  cast: Semih\n  where: Kadıköy ferry\nscene gallery: Gallery\n  story: 2014-05-17 18:10 for 1h\n  cast: Semih\n  where: Karaköy gallery\n",
        fix: "Move one scene in story-time, correct a place, or mark a remembered, dreamt or imagined scene with `mode:`.",
    },
    Example {
        code: "W0404",
        example: "title: T\ncharacter Semih\nscene ferry: Ferry\n  story: 2014-05-17\n  cast: Semih\n  where: Kadıköy ferry\nscene gallery: Gallery\n  story: 2014-05-17\n  cast: Semih\n  where: Karaköy gallery\n",
        fix: "Order the scenes (`story: after ferry`) or give them times that do not overlap. The rule is off by default: turn it on with `presence-may-overlap = \"warn\"` under `[rules]`.",
    },
    Example {
        code: "E0405",
        example: "title: T\ncharacter Defne: born 1993-02-11, died 2019-06-01\nscene visit: The visit\n  story: 2020-03-01\n  cast: Defne\n",
        fix: "Correct the date or the cast, or mark the scene `mode: memory` (or `dream`, `imagined`).",
    },
    Example {
        code: "W0406",
        example: "title: T\ncharacter Defne: born 1993-02-11\nscene visit: The visit\n  story: 1992 .. 1994\n  cast: Defne\n",
        fix: "Narrow the scene's story-time so it cannot fall outside the character's life, or mark it with `mode:`.",
    },
    Example {
        code: "E0407",
        example: "title: T\ncharacter Semih: born 1990-03-01\nscene ferry: Ferry\n  story: 2014-05-17\n  cast: Semih (age 30)\n",
        fix: "Write the age the birth date gives (`(age 24)`), or correct the date or the birth date.",
    },
    Example {
        code: "W0408",
        example: "title: T\nscene a: A\n  screen: 00:00:00 .. 00:05:00\nscene b: B\n  screen: 00:04:00 .. 00:09:00\n",
        fix: "Correct the timecodes so each scene starts where the previous one ends.",
    },
    Example {
        code: "W0409",
        example: "title: T\nscene a: A\n  screen: 00:00:00 .. 00:05:00\nscene b: B\n  screen: 00:09:00 .. 00:12:00\n",
        fix: "Add the missing scene or correct a timecode; allow longer gaps with `max-gap = \"5m\"` under `[telling]` in chronotope.toml.",
    },
    Example {
        code: "N0410",
        example: "title: T\nscene a: A\n  story: 2020-01\nscene b: B\n  story: 2020-01\n",
        fix: "Add a relation (`story: after a`) or dates that settle the order. The rule is off by default: turn it on with `ambiguous-order = \"note\"` under `[rules]`.",
    },
    Example {
        code: "E0411",
        example: "title: T\ncharacter Nermin: born 1990, died 1931\nscene a: A\n",
        fix: "Swap or correct the dates.",
    },
    Example {
        code: "W0412",
        example: "title: T\ncharacter Semih\nscene a: A\n  story: 2014-05-17\n  cast: Semih (age 24)\nscene b: B\n  story: 2015-05-17\n  cast: Semih (age 30)\n",
        fix: "Correct one of the ages or dates, or declare the birth date (`character Semih: born 1990`) so every age is checked against it.",
    },
    Example {
        code: "W0413",
        example: "title: T\nmarker hair:\n  dark:\n  bleached:\nscene ferry: Ferry\n  story: 2014-05-17\n  hair: dark\nscene memory-ferry: He remembers\n  repeats: ferry\n  hair: bleached\n",
        fix: "Give the repeat the original's value, or say why it differs with a note (`hair: bleached (as he remembers it)`).",
    },
    Example {
        code: "E0414",
        example: "title: T\nscene a: A\n  story: 2020\n  # chronotope: allow presense\n",
        fix: "Name a rule by its code (`E0403`) or name (`presence`).",
    },
    Example {
        code: "W0415",
        example: "title: T\nscene a: A\n  story: 2020\n  # chronotope: ignore presence\n",
        fix: "Write `# chronotope: allow RULE`, or drop `chronotope:` from an ordinary comment.",
    },
    Example {
        code: "E0510",
        example: "title: T\nscene a: A\n  story: 2020-01-01 14:00\n  time: night\n",
        fix: "Correct the time of day (`time: day`) or the story-time; the hours of each part of the day are set under `[time-of-day]` in chronotope.toml.",
    },
    Example {
        code: "N0511",
        example: "title: T\nscene a: A\n  story: 2020-01-01\n  time: day\n",
        fix: "Give the scene an hour (`story: 2020-01-01 10:00`), or run with `--infer` so the time of day narrows it.",
    },
    Example {
        code: "N0512",
        example: "",
        fix: "Nothing to fix: with `--infer`, `time: day` on a scene dated `2020-01-01` narrows its start to 07:00–18:00. Give the scene an hour in `story:` to place it otherwise.",
    },
    Example {
        code: "W0513",
        example: "title: T\nmarker look per character:\n  suit:\n  pyjamas:\ncharacter Semih\nscene a: A\n  story: 2020-01-01 08:00\n  look: Semih=suit\nscene b: B\n  story: 2020-01-01 22:00\n  look: Semih=pyjamas\n",
        fix: "If the change is meant, add `change: look` to the later scene; otherwise give both scenes of the day the same look.",
    },
    Example {
        code: "E0514",
        example: "title: T\nscene a: A\n  story: 2020-01-01\n  day: 4\nscene b: B\n  story: 2020-01-02\n  day: 3\n",
        fix: "Give a later story day a later label (`day: 5`), or correct the story-time that puts the scene after the other.",
    },
];

/// The example of a code, if it has one.
pub fn find(code: &str) -> Option<&'static Example> {
    ALL.iter().find(|e| e.code.eq_ignore_ascii_case(code))
}
