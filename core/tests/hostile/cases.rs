//! Every Store write method as a case: a valid input (the JSON a form sends) and a call that
//! deserializes a mutated copy, makes the write, and on `Ok` reads back what was stored. Pilot
//! writes are in `pilot_cases.rs`.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use vetta_core::decision::{DecisionCorrection, NewDecision, NewDecisionReview};
use vetta_core::flag::{FlagAction, NewFlag};
use vetta_core::framework::FrameworkDraft;
use vetta_core::partner::{NewPartner, PartnerEdit};
use vetta_core::scorecard::NewScorecard;
use vetta_core::settings::Language;
use vetta_core::testing::at;

use crate::fixture::Fixture;

/// What one hostile call came to.
pub enum Outcome {
    /// The JSON does not deserialize into the input type: refused at the IPC edge, no call made.
    Untyped,
    /// The store refused it.
    Refused(String),
    /// The store accepted it; `Err` names what did not read back as given.
    Accepted(Result<(), String>),
}

pub struct Case {
    pub name: &'static str,
    pub base: fn(&Fixture) -> Value,
    /// Makes the call; `extra` is a random number for draws JSON cannot express (NaN, infinity).
    pub run: fn(&mut Fixture, Value, usize) -> Outcome,
}

/// The instant every call is made at: two days after the fixture's `t0`.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    at(48)
}

pub fn instant(hours: i64) -> String {
    vetta_core::ids::format_instant(at(hours))
}

/// Deserializes `value` as `I`, then calls `write` and `check`.
pub fn call<I: DeserializeOwned, O>(
    f: &mut Fixture,
    value: Value,
    write: impl FnOnce(&mut Fixture, &mut I) -> vetta_core::Result<O>,
    check: impl FnOnce(&Fixture, &I, &O) -> Result<(), String>,
) -> Outcome {
    let Ok(mut input) = serde_json::from_value::<I>(value) else {
        return Outcome::Untyped;
    };
    match write(f, &mut input) {
        Ok(out) => Outcome::Accepted(check(f, &input, &out)),
        Err(e) => Outcome::Refused(format!("{e:?}")),
    }
}

/// The write's answer and a fresh read of the same thing are equal.
pub fn same<T: Serialize>(
    what: &str,
    written: &T,
    read: vetta_core::Result<T>,
) -> Result<(), String> {
    let read = read.map_err(|e| format!("{what} does not read back: {e}"))?;
    let (a, b) = (serde_json::to_value(written), serde_json::to_value(&read));
    match (a, b) {
        (Ok(a), Ok(b)) if a == b => Ok(()),
        (a, b) => Err(format!("{what}: written {a:?}, read {b:?}")),
    }
}

/// A user text is stored as given, trimmed (text.rs's one rule).
pub fn text(what: &str, given: &str, stored: &str) -> Result<(), String> {
    if given.trim() == stored {
        Ok(())
    } else {
        Err(format!(
            "{what}: given {:?}, stored {:?}",
            short(given),
            short(stored)
        ))
    }
}

fn short(s: &str) -> String {
    s.chars().take(60).collect()
}

/// `written` is among what `read` lists (by serialized equality).
fn listed<T: Serialize>(
    what: &str,
    written: &T,
    read: vetta_core::Result<Vec<T>>,
) -> Result<(), String> {
    let read = read.map_err(|e| format!("{what} does not read back: {e}"))?;
    let written = serde_json::to_value(written).map_err(|e| e.to_string())?;
    read.iter()
        .any(|r| serde_json::to_value(r).is_ok_and(|r| r == written))
        .then_some(())
        .ok_or_else(|| format!("{what} is not listed as written"))
}

fn partner_json(f: &Fixture) -> Value {
    json!({
        "name": "Ann & Co", "kind": "agency", "markets": ["RU", "US"],
        "homeTimeZone": "Europe/Moscow", "languages": ["ru", "en"],
        "contacts": [{"name": "Ann", "detail": "@ann"}], "foundVia": "hub", "notes": "met at a fair",
        "signals": {"caseStudies": [{"market": "RU", "count": 2}], "longestRelationshipMonths": 12,
                    "showedFailures": true, "crossMarketExperience": false, "creatorReferences": 3},
        "frameworkId": f.framework,
    })
}

fn decision_json() -> Value {
    json!({"choice": {"kind": "advance"}, "decidedBy": "Founder", "rationale": "the evidence",
           "assumptions": ["RU likes it"], "reviewOn": instant(24 * 60)[..10],
           "confidence": 70, "expected": "they deliver on time"})
}

fn with(mut base: Value, key: &str, value: Value) -> Value {
    if let Value::Object(map) = &mut base {
        map.insert(key.to_owned(), value);
    }
    base
}

pub fn cases() -> Vec<Case> {
    let mut cases = vec![
        Case {
            name: "add_partner",
            base: partner_json,
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut NewPartner| f.store.add_partner(i, now()),
                    |f, i, p| {
                        text("name", &i.name, &p.name)?;
                        text("notes", &i.notes, &p.notes)?;
                        text("found via", &i.found_via, &p.found_via)?;
                        same("partner", p, f.store.partner(&p.id))
                    },
                )
            },
        },
        Case {
            name: "edit_partner",
            base: |f| with(partner_json(f), "id", json!(f.sourced)),
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut PartnerEdit| f.store.edit_partner(i, now()),
                    |f, i, p| {
                        text("name", &i.name, &p.name)?;
                        text("notes", &i.notes, &p.notes)?;
                        same("partner", p, f.store.partner(&p.id))
                    },
                )
            },
        },
        Case {
            name: "merge_partners",
            base: |f| json!({"loserId": f.sourced, "winnerId": f.gut}),
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut vetta_core::merge::PartnerMerge| f.store.merge_partners(i, now()),
                    |f, i, p| {
                        if p.id != i.winner_id {
                            return Err(format!("the winner {} is not {}", p.id, i.winner_id));
                        }
                        same("winner", p, f.store.partner(&p.id))
                    },
                )
            },
        },
        Case {
            name: "set_contacts_local",
            base: |f| json!({"partnerId": f.sourced, "on": true}),
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut vetta_core::partner::ContactsLocal| {
                        f.store.set_contacts_local(i, now())
                    },
                    |f, i, p| {
                        if p.contacts_local != i.on {
                            return Err(format!("the switch reads {}", p.contacts_local));
                        }
                        same("partner", p, f.store.partner(&p.id))
                    },
                )
            },
        },
        Case {
            name: "submit_scorecard",
            base: |f| {
                json!({"partnerId": f.gut, "phase": "gut_check", "reviewer": "Zoe", "note": "fine",
                       "answers": [{"criterion": "understands_ugc", "value": 1},
                                   {"criterion": "knows_both_markets", "value": 0},
                                   {"criterion": "asks_about_goals", "value": 1}]})
            },
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut NewScorecard| f.store.submit_scorecard(i, now()),
                    |_, i, c| {
                        text("reviewer", &i.reviewer, &c.reviewer)?;
                        text("note", &i.note, &c.note)
                    },
                )
            },
        },
        Case {
            name: "raise_flag",
            base: |f| {
                json!({"partnerId": f.piloting, "pilotId": f.running.id, "kind": "communication_gaps",
                       "occurredAt": instant(30), "note": "no answer", "link": "https://example.org",
                       "raisedBy": "Anna"})
            },
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut NewFlag| f.store.raise_flag(i, now()),
                    |f, i, fl| {
                        text("note", &i.note, &fl.note)?;
                        listed("flag", fl, f.store.flags(&fl.partner_id))
                    },
                )
            },
        },
        Case {
            name: "resolve_flag",
            base: |f| json!({"flagId": f.flag, "by": "Anna", "note": "talked it through"}),
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut FlagAction| f.store.resolve_flag(i, now()),
                    |f, _, fl| listed("flag", fl, f.store.flags(&fl.partner_id)),
                )
            },
        },
        Case {
            name: "override_flag",
            base: |f| json!({"flagId": f.dealbreaker, "by": "Founder", "note": "worth the risk"}),
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut FlagAction| f.store.override_flag(i, now()),
                    |f, _, fl| listed("flag", fl, f.store.flags(&fl.partner_id)),
                )
            },
        },
        Case {
            name: "record_decision",
            base: |f| with(decision_json(), "partnerId", json!(f.sourced)),
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut NewDecision| f.store.record_decision(i, now()),
                    |f, i, d| {
                        text("rationale", &i.rationale, &d.rationale)?;
                        listed("decision", d, f.store.decisions(&d.partner_id))
                    },
                )
            },
        },
        Case {
            name: "correct_decision",
            base: |f| with(decision_json(), "decisionId", json!(f.decision)),
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut DecisionCorrection| f.store.correct_decision(i, now()),
                    |f, i, d| {
                        text("rationale", &i.rationale, &d.rationale)?;
                        listed("decision", d, f.store.decisions(&d.partner_id))
                    },
                )
            },
        },
        Case {
            name: "review_decision",
            base: |f| json!({"decisionId": f.decision, "asExpected": true, "note": "on time"}),
            run: |f, v, _| {
                call(
                    f,
                    v,
                    // A year on: the fixture's review date has come.
                    |f, i: &mut NewDecisionReview| f.store.review_decision(i, at(24 * 365)),
                    |f, i, d| {
                        let review = d.review.as_ref().ok_or("no review read back")?;
                        text("note", &i.note, &review.note)?;
                        listed("decision", d, f.store.decisions(&d.partner_id))
                    },
                )
            },
        },
        Case {
            name: "create_framework_version",
            base: |f| {
                let fw = f
                    .store
                    .framework(&f.framework)
                    .expect("reads the framework");
                json!({"basedOn": f.framework, "definition": fw.definition, "makeDefault": false})
            },
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut FrameworkDraft| f.store.create_framework_version(i, now()),
                    |f, i, fw| {
                        // Texts inside the definition are stored trimmed, like every user text.
                        let given = serde_json::to_value(&i.definition).map(trimmed);
                        let stored = serde_json::to_value(&fw.definition);
                        match (given, stored) {
                            (Ok(a), Ok(b)) if a != b => {
                                let diff = first_difference("", &a, &b);
                                return Err(format!(
                                    "the definition is not stored as given: {diff}"
                                ));
                            }
                            _ => {}
                        }
                        same("framework", fw, f.store.framework(&fw.id))
                    },
                )
            },
        },
        Case {
            name: "make_framework_default",
            base: |f| json!(f.other_framework),
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut String| f.store.make_framework_default(i),
                    |f, _, fw| same("default framework", fw, f.store.default_framework()),
                )
            },
        },
        Case {
            name: "set_framework_archived",
            base: |f| json!([f.other_framework, true]),
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut (String, bool)| f.store.set_framework_archived(&i.0, i.1, now()),
                    |f, i, fw| {
                        (fw.archived == i.1)
                            .then_some(())
                            .ok_or("archived".to_owned())?;
                        listed("framework", fw, f.store.frameworks())
                    },
                )
            },
        },
        Case {
            name: "set_language",
            base: |_| json!("ru"),
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut Language| f.store.set_language(*i, now()),
                    |f, i, s| {
                        (s.language == Some(*i))
                            .then_some(())
                            .ok_or("language".to_owned())?;
                        same("settings", s, f.store.settings())
                    },
                )
            },
        },
        Case {
            name: "set_user_name",
            base: |_| json!("Anna Petrova"),
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut String| f.store.set_user_name(i, now()),
                    |f, i, s| {
                        text("user name", i, s.user_name.as_deref().unwrap_or_default())?;
                        same("settings", s, f.store.settings())
                    },
                )
            },
        },
        Case {
            name: "set_time_zone",
            base: |_| json!("Asia/Vladivostok"),
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut String| f.store.set_time_zone(i, now()),
                    |f, i, s| {
                        text("time zone", i, s.time_zone.as_deref().unwrap_or_default())?;
                        same("settings", s, f.store.settings())
                    },
                )
            },
        },
        Case {
            name: "add_market",
            base: |_| json!("KZ"),
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut String| f.store.add_market(i, now()),
                    |f, _, m| listed("market", m, f.store.list_markets()),
                )
            },
        },
        Case {
            name: "backup_now",
            // The backup folder's name under the fixture's temp dir: path separators and ".."
            // are taken out, so a hostile name cannot point outside it.
            base: |_| json!("data"),
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut String| {
                        let name = i.replace(['/', '\0'], "_").replace("..", "_");
                        f.store.backup_now(&f.dir.path().join(name), now())
                    },
                    |_, _, b| {
                        let ok = std::fs::metadata(&b.path).is_ok_and(|m| m.len() > 0);
                        ok.then_some(())
                            .ok_or(format!("backup {} is missing", b.path))
                    },
                )
            },
        },
        Case {
            name: "restore",
            base: |f| {
                let backup = f
                    .store
                    .backup_now(f.dir.path(), now())
                    .expect("writes a backup");
                json!(backup.file_name)
            },
            run: |f, v, _| {
                call(
                    f,
                    v,
                    |f, i: &mut String| vetta_core::backup::restore(f.dir.path(), i, now()),
                    |_, _, (store, _)| {
                        let ok = store.integrity_check().is_ok_and(|r| r == ["ok"]);
                        ok.then_some(())
                            .ok_or("the restored file is damaged".to_owned())
                    },
                )
            },
        },
    ];
    cases.extend(crate::pilot_cases::cases());
    cases
}

/// Where two JSON values first differ, as a path and the two values there.
fn first_difference(path: &str, a: &Value, b: &Value) -> String {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) if w != v => return first_difference(&format!("{path}.{k}"), v, w),
                    None => return format!("{path}.{k} dropped"),
                    _ => {}
                }
            }
            format!("{path}: keys differ")
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find(|(_, (v, w))| v != w)
            .map(|(n, (v, w))| first_difference(&format!("{path}[{n}]"), v, w))
            .unwrap_or_default(),
        _ => format!(
            "{path}: given {}, stored {}",
            short(&a.to_string()),
            short(&b.to_string())
        ),
    }
}

/// Every string inside `value`, trimmed.
fn trimmed(value: Value) -> Value {
    match value {
        Value::String(s) => Value::String(s.trim().to_owned()),
        Value::Array(items) => Value::Array(items.into_iter().map(trimmed).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, trimmed(v))).collect())
        }
        other => other,
    }
}
