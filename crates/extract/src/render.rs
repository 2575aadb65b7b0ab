//! Extracted events as native CSV (with provenance columns) and JSON.

use crate::Extracted;

/// The provenance columns that follow the native ones.
pub const PROVENANCE_COLUMNS: [&str; 6] = ["file", "sentence", "char_start", "char_end", "rule", "confidence"];

/// The columns of `events extract --format csv`: the native columns (so that
/// `forecast --events` reads the file), then the provenance.
pub const EXTRACT_COLUMNS: [&str; 28] = {
    let mut out = [""; 28];
    let mut i = 0;
    while i < events::NATIVE_COLUMNS.len() {
        out[i] = events::NATIVE_COLUMNS[i];
        i += 1;
    }
    let mut k = 0;
    while k < PROVENANCE_COLUMNS.len() {
        out[i + k] = PROVENANCE_COLUMNS[k];
        k += 1;
    }
    out
};

fn push_field(out: &mut String, f: &str) {
    if f.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&f.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(f);
    }
}

fn note(e: &Extracted) -> String {
    let mut parts = Vec::new();
    if let Some(a) = e.attackers_killed {
        parts.push(format!("attackers killed: {a}"));
    }
    let sentences: Vec<String> = e.provenance.iter().map(|p| format!("{}#{}", p.file, p.sentence)).collect();
    parts.push(format!("sentences {}", sentences.join(" ")));
    parts.join("; ")
}

/// Native CSV with provenance: `file`, `sentence`, `char_start`, `char_end` and `rule`
/// list every mention, separated by `;`; `source` lists every article, separated by ` | `.
pub fn to_csv(events: &[Extracted]) -> String {
    let mut s = EXTRACT_COLUMNS.join(",");
    s.push('\n');
    for e in events {
        let opt = |v: Option<u32>| v.map(|x| x.to_string()).unwrap_or_default();
        let join = |f: &dyn Fn(&crate::Provenance) -> String| e.provenance.iter().map(f).collect::<Vec<_>>().join(";");
        let fields: [String; EXTRACT_COLUMNS.len()] = [
            e.date.map(|d| d.to_string()).unwrap_or_default(),
            e.actor.clone(),
            e.target.clone(),
            e.event_type.as_str().into(),
            e.country.clone(),
            e.admin1.clone(),
            e.admin2.clone(),
            opt(e.fatalities.map(|f| f.best)),
            opt(e.fatalities.and_then(|f| f.low)),
            opt(e.fatalities.and_then(|f| f.high)),
            e.sources.join(" | "),
            note(e),
            "native".into(),
            e.provenance.first().map(|p| format!("{}#{}", p.file, p.sentence)).unwrap_or_default(),
            e.event_type.cameo_code().unwrap_or("").into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            e.merged_count.to_string(),
            join(&|p| p.file.clone()),
            join(&|p| p.sentence.to_string()),
            join(&|p| p.char_start.to_string()),
            join(&|p| p.char_end.to_string()),
            join(&|p| p.rule.clone()),
            format!("{:.3}", e.confidence),
        ];
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            push_field(&mut s, f);
        }
        s.push('\n');
    }
    s
}

/// A JSON array, one object per event, with its mentions (sentence text included).
pub fn to_json(events: &[Extracted]) -> String {
    let list: Vec<serde_json::Value> = events
        .iter()
        .map(|e| {
            serde_json::json!({
                "date": e.date.map(|d| d.to_string()),
                "actor": e.actor,
                "target": e.target,
                "event_type": e.event_type.as_str(),
                "location": { "country": e.country, "admin1": e.admin1, "admin2": e.admin2 },
                "fatalities": e.fatalities,
                "attackers_killed": e.attackers_killed,
                "sources": e.sources,
                "merged_count": e.merged_count,
                "confidence": e.confidence,
                "mentions": e.provenance.iter().map(|p| serde_json::json!({
                    "file": p.file,
                    "sentence": p.sentence,
                    "char_start": p.char_start,
                    "char_end": p.char_end,
                    "rule": p.rule,
                    "confidence": p.confidence,
                    "text": p.text,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}
