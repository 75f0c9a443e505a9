//! The speakers table on hand-made rows (invented names): counts, direct
//! quotes, articles, organizations summed through their people, dates, order.

use saidby::speakers::{Date, EXAMPLE_MAX_CHARS, Mention, SpeakerRow, SpeakersTable};
use saidby::{QuoteKind, SpeakerType};

/// (article, speaker, type, organization, kind, quote, date)
type R = (
    &'static str,
    &'static str,
    SpeakerType,
    &'static str,
    QuoteKind,
    &'static str,
    Option<&'static str>,
);

use QuoteKind::{Direct, Indirect, Mixed};
use SpeakerType::{Organization, Person, Unknown};

fn table(rows: &[R]) -> Vec<SpeakerRow> {
    let mut t = SpeakersTable::new();
    for &(article_id, speaker, speaker_type, organization, kind, quote, date) in rows {
        t.add(&Mention {
            article_id,
            speaker,
            speaker_type,
            organization,
            kind,
            quote,
            date: date.and_then(Date::parse),
        });
    }
    t.finish()
}

fn find<'a>(rows: &'a [SpeakerRow], speaker: &str, ty: SpeakerType) -> &'a SpeakerRow {
    rows.iter()
        .find(|r| r.speaker == speaker && r.speaker_type == ty)
        .unwrap_or_else(|| panic!("no row for {speaker} ({ty:?}) in {rows:#?}"))
}

fn d(s: &str) -> Option<Date> {
    Date::parse(s)
}

const ROWS: &[R] = &[
    (
        "a1",
        "Odile Varenne",
        Person,
        "Lantern Trust",
        Direct,
        "We will appeal.",
        Some("2019-05-02"),
    ),
    (
        "a1",
        "Odile Varenne",
        Person,
        "Lantern Trust",
        Indirect,
        "the ruling was wrong",
        Some("2019-05-02"),
    ),
    (
        "a1",
        "Lantern Trust",
        Organization,
        "Lantern Trust",
        Direct,
        "The Trust stands by its staff.",
        Some("2019-05-02"),
    ),
    (
        "a2",
        "Piet Wolander",
        Person,
        "Lantern Trust",
        Mixed,
        "the audit was “routine”",
        Some("2018-11-30"),
    ),
    (
        "a2",
        "Odile Varenne",
        Person,
        "Lantern Trust",
        Direct,
        "No further comment.",
        Some("2018-11-30"),
    ),
    (
        "a3",
        "Marguerite Osei",
        Person,
        "",
        Indirect,
        "she would run again",
        Some("2020-01-15"),
    ),
    (
        "a3",
        "Marguerite Osei",
        Person,
        "",
        Indirect,
        "the budget was balanced",
        Some("2020-01-15"),
    ),
    (
        "a3",
        "",
        Unknown,
        "",
        Direct,
        "Nobody knows who said this.",
        Some("2020-01-15"),
    ),
    (
        "a4",
        "Marguerite Osei",
        Person,
        "",
        Direct,
        "Vote for the future.",
        Some("not a date"),
    ),
];

#[test]
fn counts_quotes_direct_quotes_and_articles_per_speaker() {
    let rows = table(ROWS);
    let odile = find(&rows, "Odile Varenne", Person);
    assert_eq!(odile.organization, "Lantern Trust");
    assert_eq!(
        (odile.quotes, odile.direct_quotes, odile.articles),
        (3, 2, 2)
    );
    assert_eq!(odile.via_people, 0);

    let osei = find(&rows, "Marguerite Osei", Person);
    assert_eq!(osei.organization, "");
    assert_eq!((osei.quotes, osei.direct_quotes, osei.articles), (3, 1, 2));
}

#[test]
fn organization_row_sums_its_own_quotes_and_its_people() {
    let rows = table(ROWS);
    let trust = find(&rows, "Lantern Trust", Organization);
    assert_eq!(trust.organization, "Lantern Trust");
    // 1 of its own + 3 by Odile Varenne + 1 by Piet Wolander.
    assert_eq!(trust.quotes, 5);
    assert_eq!(trust.direct_quotes, 3);
    assert_eq!(trust.articles, 2);
    assert_eq!(trust.via_people, 2);
    assert_eq!(trust.first_date, d("2018-11-30"));
    assert_eq!(trust.last_date, d("2019-05-02"));
    // One row per speaker: the organization is not listed twice.
    let n = rows.iter().filter(|r| r.speaker == "Lantern Trust").count();
    assert_eq!(n, 1);
}

#[test]
fn organization_quoted_only_through_people_still_gets_a_row() {
    let rows = table(&[
        (
            "b1",
            "Ines Corvalho",
            Person,
            "Tidewater Council",
            Indirect,
            "the bridge would close",
            None,
        ),
        (
            "b2",
            "Ines Corvalho",
            Person,
            "Tidewater Council",
            Indirect,
            "it had reopened",
            None,
        ),
    ]);
    assert_eq!(rows.len(), 2);
    let council = find(&rows, "Tidewater Council", Organization);
    assert_eq!(
        (council.quotes, council.articles, council.via_people),
        (2, 2, 1)
    );
    assert_eq!((council.first_date, council.last_date), (None, None));
}

#[test]
fn unattributed_quotes_are_counted_apart_not_as_a_speaker() {
    let mut t = SpeakersTable::new();
    for &(article_id, speaker, speaker_type, organization, kind, quote, _) in ROWS {
        t.add(&Mention {
            article_id,
            speaker,
            speaker_type,
            organization,
            kind,
            quote,
            date: None,
        });
    }
    assert_eq!(t.unattributed(), 1);
    let rows = t.finish();
    assert!(rows.iter().all(|r| !r.speaker.is_empty()));
    assert_eq!(rows.len(), 4);
}

#[test]
fn sorted_by_quote_count_then_name() {
    let rows = table(&[
        ("c1", "Zeno Abbas", Person, "", Direct, "one", None),
        ("c1", "Bertil Ng", Person, "", Direct, "one", None),
        ("c1", "Anouk Lee", Person, "", Direct, "one", None),
        ("c2", "Bertil Ng", Person, "", Direct, "two", None),
        ("c2", "Yara Fell", Person, "", Direct, "one", None),
    ]);
    let order: Vec<(&str, u64)> = rows
        .iter()
        .map(|r| (r.speaker.as_str(), r.quotes))
        .collect();
    assert_eq!(
        order,
        [
            ("Bertil Ng", 2),
            ("Anouk Lee", 1),
            ("Yara Fell", 1),
            ("Zeno Abbas", 1)
        ]
    );
}

#[test]
fn dates_span_first_to_last_and_ignore_unreadable_values() {
    let rows = table(ROWS);
    let osei = find(&rows, "Marguerite Osei", Person);
    // "not a date" on a4 is ignored, not a failure.
    assert_eq!(osei.first_date, d("2020-01-15"));
    assert_eq!(osei.last_date, d("2020-01-15"));
    let odile = find(&rows, "Odile Varenne", Person);
    assert_eq!(odile.first_date, d("2018-11-30"));
    assert_eq!(odile.last_date, d("2019-05-02"));
    assert_eq!(odile.cells()[7], "2018-11-30");
    assert_eq!(odile.cells()[8], "2019-05-02");
}

#[test]
fn example_prefers_a_direct_quote_and_is_bounded() {
    let long: &'static str = Box::leak("word ".repeat(200).into_boxed_str());
    let rows = table(&[
        (
            "e1",
            "Hal Brennick",
            Person,
            "",
            Indirect,
            "the plan was sound",
            None,
        ),
        ("e1", "Hal Brennick", Person, "", Direct, long, None),
        (
            "e1",
            "Hal Brennick",
            Person,
            "",
            Direct,
            "Later, shorter.",
            None,
        ),
    ]);
    let ex = &rows[0].example_quote;
    assert!(ex.starts_with("word word"), "{ex:?}");
    assert!(ex.ends_with('…'));
    assert!(ex.chars().count() <= EXAMPLE_MAX_CHARS);
}

#[test]
fn same_name_for_two_organizations_is_two_speakers() {
    let rows = table(&[
        (
            "f1",
            "Ruth Amsel",
            Person,
            "Harbor Union",
            Direct,
            "a",
            None,
        ),
        (
            "f2",
            "Ruth Amsel",
            Person,
            "Civic League",
            Direct,
            "b",
            None,
        ),
    ]);
    let ruths: Vec<&str> = rows
        .iter()
        .filter(|r| r.speaker == "Ruth Amsel")
        .map(|r| r.organization.as_str())
        .collect();
    assert_eq!(ruths, ["Civic League", "Harbor Union"]);
}

#[test]
fn csv_has_the_header_and_one_line_per_speaker() {
    let rows = table(ROWS);
    let mut buf = Vec::new();
    saidby::speakers::write_csv(&rows, &mut buf, false).unwrap();
    let mut r = csv::Reader::from_reader(buf.as_slice());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        saidby::speakers::SPEAKER_COLUMNS
    );
    let recs: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(recs.len(), rows.len());
    assert_eq!(&recs[0][0], "Lantern Trust");
    assert_eq!(&recs[0][3], "5");
    assert_eq!(&recs[0][6], "2");
}
