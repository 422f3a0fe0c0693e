//! Realistic bench data, generated deterministically from a seed through the Store's own write
//! methods: every row is validated and written exactly as a click in the UI would write it
//! (`add_partner`, `submit_scorecard`, `record_decision`, `create_pilot`, …), one transaction per
//! call. The only concession to speed is `PRAGMA synchronous = OFF` while generating (a crash
//! mid-generation just means generating again); it is set back to FULL before returning.
//!
//! Determinism: names, choices, scores, dates and counts depend only on the seed and the spec.
//! Ids are UUIDv7 made by core, so they differ between runs; nothing depends on their values.

use std::time::{Duration, Instant};

use chrono::{DateTime, Duration as Span, Utc};

use crate::debrief::{FailureCause, Health, HypothesisOutcome, HypothesisVerdict, NewDebrief};
use crate::decision::NewDecision;
use crate::flag::{FlagAction, NewFlag};
use crate::framework::{CriterionKind, FrameworkDraft, Limit, Localized};
use crate::gate::Answer;
use crate::ids::format_instant;
use crate::partner::{Contact, NewPartner, PartnerKind};
use crate::phase::Phase;
use crate::pilot::{
    MetricActual, MetricUnit, MetricsAgreement, NewApproval, NewDeliverable, NewMetric, NewPilot,
    NewRevisionRound, PilotScope, PilotStart, Roles, Verdict,
};
use crate::recommendation::{next_rung, Choice};
use crate::scorecard::NewScorecard;
use crate::signal::{MarketCount, Signals};
use crate::store::Store;
use crate::Result;

/// A small xorshift64* generator: deterministic, no dependencies, good enough for test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below(u64::from(hi - lo) + 1) as u32
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// How much data to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub seed: u64,
    pub partners: u32,
    /// Criterion answers (rows of `scorecard_answers`); a multiple of [`CRITERIA`].
    pub scores: u32,
    pub pilots: u32,
    pub decisions: u32,
}

impl Spec {
    /// The target: 100k partners, 1M criterion scores, 20k pilots, 50k decisions.
    pub fn full(seed: u64) -> Spec {
        Spec {
            seed,
            partners: 100_000,
            scores: 1_000_000,
            pilots: 20_000,
            decisions: 50_000,
        }
    }

    /// The same shape, `1/divisor` the size (tests, quick runs).
    pub fn scaled(seed: u64, divisor: u32) -> Spec {
        let full = Spec::full(seed);
        Spec {
            seed,
            partners: full.partners / divisor,
            scores: full.scores / divisor / CRITERIA * CRITERIA,
            pilots: full.pilots / divisor,
            decisions: full.decisions / divisor,
        }
    }
}

/// Criteria in the bench framework's gut check (3 yes/no + 7 scales).
pub const CRITERIA: u32 = 10;

/// What the generator did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Rows written, counted table by table after generating (sum of `count(*)`).
    pub rows: u64,
    pub tables: Vec<(String, u64)>,
    /// Store calls made (each one transaction).
    pub calls: u64,
    pub elapsed: Duration,
}

impl Report {
    pub fn rows_per_second(&self) -> f64 {
        self.rows as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

const MARKETS: [&str; 3] = ["RU", "US", "KZ"];
const REVIEWERS: [&str; 8] = [
    "Анна Морозова",
    "Dmitri Volkov",
    "Sarah Chen",
    "Айгерим Нурланова",
    "Mike Peters",
    "Ольга Ким",
    "Jamal Wright",
    "Ерлан Сагинтаев",
];
const FIRST: [&str; 24] = [
    "Северный",
    "Blue",
    "Красный",
    "Silver",
    "Alma",
    "Новый",
    "Bright",
    "Степной",
    "Urban",
    "Тихий",
    "Golden",
    "Steppe",
    "Ясный",
    "Harbor",
    "Volga",
    "Pixel",
    "Байтерек",
    "Maple",
    "Сибирский",
    "Coastal",
    "Orbit",
    "Уральский",
    "Prairie",
    "Nomad",
];
const SECOND: [&str; 20] = [
    "Свет",
    "Harbor",
    "Ветер",
    "Fox",
    "Creators",
    "Лис",
    "Wave",
    "Берег",
    "Signal",
    "Кадр",
    "Frame",
    "Мост",
    "Studio",
    "Поток",
    "Loop",
    "Sky",
    "Река",
    "Lens",
    "Город",
    "Story",
];
const SUFFIX: [&str; 8] = [
    "Media",
    "Agency",
    "UGC",
    "Lab",
    "Collective",
    "Group",
    "Медиа",
    "Продакшн",
];
const ZONES: [(&str, &str); 6] = [
    ("RU", "Europe/Moscow"),
    ("RU", "Asia/Novosibirsk"),
    ("US", "America/New_York"),
    ("US", "America/Los_Angeles"),
    ("KZ", "Asia/Almaty"),
    ("KZ", "Asia/Aqtobe"),
];
const KINDS: [PartnerKind; 5] = [
    PartnerKind::Agency,
    PartnerKind::Agency,
    PartnerKind::Creator,
    PartnerKind::Studio,
    PartnerKind::Consultant,
];

/// What happens to one partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    /// Stays sourced.
    Sourced,
    /// Advanced to the gut check; `walk` ends there.
    GutCheck { walk: bool },
    /// Through the gut check into `pilots` pilots; `end` records one more decision at the end.
    Piloted { pilots: u32, end: bool },
}

/// The per-partner plan, derived from the spec alone.
struct Plan {
    fates: Vec<Fate>,
    /// Scorecards per partner (0 for those never in the gut check).
    cards: Vec<u32>,
}

fn plan(spec: &Spec, rng: &mut Rng) -> Plan {
    let n = spec.partners as usize;
    // 3 of 5 pilots are first pilots; the rest are second and third campaigns.
    let pilot_partners = spec.pilots * 3 / 5;
    let extras = spec.pilots - pilot_partners;
    let three = extras / 4;
    let two = extras - 2 * three;
    // Decisions: two advances per pilot partner, one between consecutive pilots; the rest go to
    // gut-check-only partners (an advance each, some walk) and to final decisions.
    let used = 2 * pilot_partners + extras;
    let rest = spec.decisions.saturating_sub(used);
    let end = rest / 18;
    let walk = rest / 9;
    let gut_only = rest - end - walk;
    assert!(
        (pilot_partners + gut_only) as usize <= n,
        "the spec needs more partners"
    );
    // Spread each group over the whole list (so names and phases are mixed) by a fixed stride.
    let mut fates = vec![Fate::Sourced; n];
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let mut next = order.into_iter();
    for k in 0..pilot_partners {
        let pilots = if k < three {
            3
        } else if k < three + two {
            2
        } else {
            1
        };
        if let Some(i) = next.next() {
            fates[i] = Fate::Piloted {
                pilots,
                end: k >= pilot_partners - end,
            };
        }
    }
    for k in 0..gut_only {
        if let Some(i) = next.next() {
            fates[i] = Fate::GutCheck { walk: k < walk };
        }
    }
    // Scorecards: spread exactly `scores / CRITERIA` cards over the gut-check partners.
    let total_cards = spec.scores / CRITERIA;
    let scored: Vec<usize> = (0..n).filter(|i| fates[*i] != Fate::Sourced).collect();
    let mut cards = vec![0; n];
    let m = scored.len() as u64;
    if let Some(base) = u64::from(total_cards).checked_div(m) {
        let rem = u64::from(total_cards) - base * m;
        for (k, i) in scored.iter().enumerate() {
            let k = k as u64;
            // Bresenham: `rem` extra cards spread evenly (m > 0 here).
            let extra = ((k + 1) * rem).div_euclid(m) - (k * rem).div_euclid(m);
            cards[*i] = (base + extra) as u32;
        }
    }
    Plan { fates, cards }
}

fn name(rng: &mut Rng, i: usize) -> String {
    format!(
        "{} {} {} {}",
        rng.pick(&FIRST),
        rng.pick(&SECOND),
        rng.pick(&SUFFIX),
        i + 1
    )
}

/// The bench framework: the default's gut check plus seven 1–5 scales, and roomier pilot limits.
fn framework_draft(store: &Store) -> Result<FrameworkDraft> {
    let base = store.default_framework()?;
    let mut def = base.definition.clone();
    let scales = [
        (
            "portfolio_quality",
            "Качество портфолио",
            "Portfolio quality",
        ),
        ("brief_clarity", "Понимание брифа", "Understands the brief"),
        ("pricing_fit", "Цена", "Pricing fits"),
        ("creator_network", "Сеть авторов", "Creator network"),
        ("reporting", "Отчётность", "Reporting"),
        ("responsiveness", "Скорость ответа", "Responsiveness"),
        ("brand_safety", "Безопасность бренда", "Brand safety"),
    ];
    if let Some(gate) = def.gates.iter_mut().find(|g| g.phase == Phase::GutCheck) {
        for (key, ru, en) in scales {
            gate.criteria.push(crate::framework::Criterion {
                key: key.into(),
                label: Localized::new(ru, en),
                kind: CriterionKind::Scale,
                weight: 2,
                pass_at: 3,
            });
        }
        // 3 yes/no (weight 1) + 7 scales (weight 2) = 17; pass with 13.
        gate.threshold = 13;
    }
    def.name = Localized::new("Проверка для трёх рынков", "Three-market vetting");
    def.scope.creators = Limit {
        default: 2,
        min: 1,
        max: 5,
    };
    def.scope.deliverables = Limit {
        default: 3,
        min: 1,
        max: 6,
    };
    def.scope.duration_days = Limit {
        default: 21,
        min: 7,
        max: 45,
    };
    Ok(FrameworkDraft {
        based_on: base.id,
        definition: def,
        make_default: true,
    })
}

/// The bench framework's gut-check criteria: key, and whether it is yes/no (else a 1–5 scale).
pub const CRITERION_KEYS: [(&str, bool); CRITERIA as usize] = [
    ("understands_ugc", true),
    ("knows_both_markets", true),
    ("asks_about_goals", true),
    ("portfolio_quality", false),
    ("brief_clarity", false),
    ("pricing_fit", false),
    ("creator_network", false),
    ("reporting", false),
    ("responsiveness", false),
    ("brand_safety", false),
];

fn answers(rng: &mut Rng, passing: bool) -> Vec<Answer> {
    CRITERION_KEYS
        .iter()
        .map(|(key, yes_no)| Answer {
            criterion: (*key).into(),
            value: match (yes_no, passing) {
                (true, true) => 1,
                (true, false) => i32::from(rng.chance(70)),
                (false, true) => rng.range(3, 5) as i32,
                (false, false) => rng.range(1, 5) as i32,
            },
        })
        .collect()
}

fn signals(rng: &mut Rng, markets: &[String]) -> Signals {
    if rng.chance(25) {
        return Signals::default();
    }
    Signals {
        case_studies: markets
            .iter()
            .map(|m| MarketCount {
                market: m.clone(),
                count: rng.range(0, 9),
            })
            .collect(),
        longest_relationship_months: rng.chance(80).then(|| rng.range(1, 48)),
        showed_failures: rng.chance(70).then(|| rng.chance(50)),
        cross_market_experience: rng.chance(70).then(|| rng.chance(40)),
        creator_references: rng.chance(60).then(|| rng.range(0, 6)),
    }
}

/// Generates `spec` into `store`. The store should be new (a fresh file).
pub fn generate(store: &mut Store, spec: &Spec, start: DateTime<Utc>) -> Result<Report> {
    let started = Instant::now();
    store.conn.pragma_update(None, "synchronous", "OFF")?;
    let result = Generator {
        store,
        rng: Rng::new(spec.seed),
        calls: 0,
    }
    .run(spec, start);
    store.conn.pragma_update(None, "synchronous", "FULL")?;
    let calls = result?;
    let elapsed = started.elapsed();
    let mut tables = Vec::new();
    let names: Vec<String> = {
        let mut stmt = store.conn.prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    for name in names {
        let count: i64 =
            store
                .conn
                .query_row(&format!("SELECT count(*) FROM \"{name}\""), [], |r| {
                    r.get(0)
                })?;
        tables.push((name, count.max(0) as u64));
    }
    Ok(Report {
        rows: tables.iter().map(|(_, n)| n).sum(),
        tables,
        calls,
        elapsed,
    })
}

struct Generator<'a> {
    store: &'a mut Store,
    rng: Rng,
    calls: u64,
}

impl Generator<'_> {
    fn run(mut self, spec: &Spec, start: DateTime<Utc>) -> Result<u64> {
        let plan = plan(spec, &mut self.rng);
        self.store.add_market("KZ", start)?;
        let draft = framework_draft(self.store)?;
        self.store.create_framework_version(&draft, start)?;
        self.calls += 2;
        for (i, fate) in plan.fates.iter().enumerate() {
            // Partners arrive five minutes apart; each one's story unfolds from there.
            let at = start + Span::minutes(5 * i as i64);
            self.partner(i, *fate, plan.cards[i], at)?;
        }
        Ok(self.calls)
    }

    fn partner(&mut self, i: usize, fate: Fate, cards: u32, mut now: DateTime<Utc>) -> Result<()> {
        let rng = &mut self.rng;
        let (home_market, zone) = *rng.pick(&ZONES);
        let mut markets = vec![home_market.to_owned()];
        for m in MARKETS {
            if m != home_market && rng.chance(35) {
                markets.push(m.to_owned());
            }
        }
        let languages = markets
            .iter()
            .map(|m| match m.as_str() {
                "RU" => "ru",
                "US" => "en",
                _ => "kk",
            })
            .map(String::from)
            .collect();
        let input = NewPartner {
            name: name(rng, i),
            kind: *rng.pick(&KINDS),
            home_time_zone: zone.into(),
            languages,
            contacts: vec![Contact {
                name: rng.pick(&REVIEWERS).to_string(),
                detail: format!("partner{i}@example.com"),
            }],
            found_via: rng
                .pick(&["referral", "conference", "Telegram channel", "hub listing"])
                .to_string(),
            notes: if rng.chance(30) {
                "Met at a meetup; strong on short-form video.".into()
            } else {
                String::new()
            },
            signals: signals(rng, &markets),
            framework_id: None,
            markets,
        };
        let partner = self.store.add_partner(&input, now)?;
        self.calls += 1;
        let id = partner.id;
        let walk_at_gut = matches!(fate, Fate::GutCheck { walk: true });
        match fate {
            Fate::Sourced => {
                if self.rng.chance(5) {
                    // A flag on an early candidate; a quarter are dealbreakers.
                    let kind = if self.rng.chance(25) {
                        "resists_documentation"
                    } else {
                        "communication_gaps"
                    };
                    self.flag(&id, None, kind, now + Span::hours(2))?;
                }
                return Ok(());
            }
            Fate::GutCheck { .. } | Fate::Piloted { .. } => {}
        }
        now += Span::days(1);
        self.decide(&id, Choice::Advance, now)?;
        let passing = matches!(fate, Fate::Piloted { .. });
        let first = self.rng.below(REVIEWERS.len() as u64) as usize;
        for c in 0..cards {
            now += Span::hours(3);
            // Usually a different reviewer per card; one partner in ten gets a re-score (the
            // first reviewer again, superseding their card).
            let reviewer = if c + 1 == cards && cards > 2 && self.rng.chance(10) {
                REVIEWERS[first]
            } else {
                REVIEWERS[(first + c as usize) % REVIEWERS.len()]
            };
            let answers = answers(&mut self.rng, passing);
            self.store.submit_scorecard(
                &NewScorecard {
                    partner_id: id.clone(),
                    phase: Phase::GutCheck,
                    reviewer: reviewer.into(),
                    answers,
                    note: if c == 0 {
                        "First call went well.".into()
                    } else {
                        String::new()
                    },
                },
                now,
            )?;
            self.calls += 1;
        }
        if self.rng.chance(10) || (walk_at_gut && self.rng.chance(50)) {
            let kind = if walk_at_gut {
                "resists_documentation"
            } else {
                "communication_gaps"
            };
            now += Span::hours(1);
            self.flag(&id, None, kind, now)?;
        }
        let Fate::Piloted { pilots, end } = fate else {
            if walk_at_gut {
                now += Span::days(1);
                self.decide(&id, Choice::Walk, now)?;
            }
            return Ok(());
        };
        now += Span::days(2);
        self.decide(&id, Choice::Advance, now)?;
        let mut rung = 1;
        for p in 0..pilots {
            let last = p + 1 == pilots;
            // The last pilot: 20% still being scoped, 30% running, 50% debriefed.
            let stage = if last { self.rng.below(10) } else { 9 };
            now = self.pilot(&id, &partner.markets, stage, now)?;
            if !last {
                let choice = match next_rung(rung) {
                    Some(n) if self.rng.chance(50) => {
                        rung = n;
                        Choice::ScaleTo { campaigns: n }
                    }
                    _ => Choice::Repeat,
                };
                now += Span::days(2);
                self.decide(&id, choice, now)?;
            } else if end {
                let choice = match (self.rng.below(5), next_rung(rung)) {
                    (0, Some(n)) if stage >= 5 => Choice::ScaleTo { campaigns: n },
                    (0..=1, _) => Choice::Walk,
                    _ => Choice::Hold,
                };
                now += Span::days(2);
                self.decide(&id, choice, now)?;
            }
        }
        Ok(())
    }

    fn decide(&mut self, partner_id: &str, choice: Choice, now: DateTime<Utc>) -> Result<()> {
        let rationale = match choice {
            Choice::Advance => "Signals and gut check look good.",
            Choice::Hold => "Waiting for the Q3 budget.",
            Choice::Walk => "Not a fit for our process.",
            Choice::Repeat => "Execution slipped; worth one more campaign.",
            Choice::ScaleTo { .. } => "Delivered on scope in every market.",
        };
        let assumptions = if self.rng.chance(40) {
            vec!["RU audiences prefer founder-led copy".to_owned()]
        } else {
            Vec::new()
        };
        self.store.record_decision(
            &NewDecision {
                partner_id: partner_id.into(),
                choice,
                decided_by: self.rng.pick(&REVIEWERS).to_string(),
                rationale: rationale.into(),
                assumptions,
                review_on: self
                    .rng
                    .chance(30)
                    .then(|| (now + Span::days(90)).format("%Y-%m-%d").to_string()),
            },
            now,
        )?;
        self.calls += 1;
        Ok(())
    }

    fn flag(
        &mut self,
        partner_id: &str,
        pilot_id: Option<&str>,
        kind: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let flag = self.store.raise_flag(
            &NewFlag {
                partner_id: partner_id.into(),
                pilot_id: pilot_id.map(String::from),
                kind: kind.into(),
                occurred_at: format_instant(now - Span::hours(6)),
                note: "Two briefs in a row answered after a week, no explanation.".into(),
                link: "https://example.com/thread/123".into(),
                raised_by: self.rng.pick(&REVIEWERS).to_string(),
            },
            now,
        )?;
        self.calls += 1;
        if kind != "resists_documentation" && self.rng.chance(30) {
            self.store.resolve_flag(
                &FlagAction {
                    flag_id: flag.id,
                    by: self.rng.pick(&REVIEWERS).to_string(),
                    note: "Talked it through; response times are fine now.".into(),
                },
                now + Span::days(3),
            )?;
            self.calls += 1;
        }
        Ok(())
    }

    /// One pilot from scoping to debrief; `stage` 0–1 stops after scoping, 2–4 while running.
    fn pilot(
        &mut self,
        partner_id: &str,
        markets: &[String],
        stage: u64,
        mut now: DateTime<Utc>,
    ) -> Result<DateTime<Utc>> {
        let rng = &mut self.rng;
        let starts = now + Span::days(7);
        let days = i64::from(rng.range(7, 45));
        let deliverables = rng.range(1, 6);
        let metrics = markets
            .iter()
            .enumerate()
            .map(|(k, m)| {
                let (name, unit, currency, target) = match (k + rng.below(3) as usize) % 3 {
                    0 => ("Reach", MetricUnit::Count, None, 50_000.0),
                    1 => ("Conversion rate", MetricUnit::Percent, None, 2.5),
                    _ => (
                        "Cost per lead",
                        MetricUnit::Money,
                        Some(match m.as_str() {
                            "RU" => "RUB",
                            "KZ" => "KZT",
                            _ => "USD",
                        }),
                        12.0,
                    ),
                };
                NewMetric {
                    market: m.clone(),
                    name: name.into(),
                    unit,
                    target,
                    currency: currency.map(String::from),
                }
            })
            .collect();
        let hypotheses = (0..rng.range(3, 5))
            .map(|h| format!("Hypothesis {}: founder-led hooks beat product demos", h + 1))
            .collect();
        let scope = PilotScope {
            creators: rng.range(1, 5),
            deliverables,
            starts_at: format_instant(starts),
            ends_at: format_instant(starts + Span::days(days)),
            revision_limit: rng.range(0, 5),
            payment_amount: format!("{}.00", rng.range(300, 5000)),
            currency: if markets[0] == "US" { "USD" } else { "RUB" }.into(),
            metrics,
            roles: Roles {
                creative_feedback_owner: rng.pick(&REVIEWERS).to_string(),
                creator_relations: "Partner".into(),
                final_approval: rng.pick(&REVIEWERS).to_string(),
                escalation_path: "Account lead, then founder".into(),
            },
            rhythm: "async-first, weekly sync on Tuesdays".into(),
            hypotheses,
        };
        let pilot = self.store.create_pilot(
            &NewPilot {
                partner_id: partner_id.into(),
                scope,
                viewer_time_zone: None,
            },
            now,
        )?;
        self.calls += 1;
        let agreed = self.rng.chance(90);
        if agreed {
            now += Span::days(1);
            self.store.agree_pilot_metrics(
                &MetricsAgreement {
                    pilot_id: pilot.id.clone(),
                    agreed_by: self.rng.pick(&REVIEWERS).to_string(),
                    viewer_time_zone: None,
                },
                now,
            )?;
            self.calls += 1;
        }
        if stage < 2 {
            return Ok(now);
        }
        now = starts;
        self.store.start_pilot(
            &PilotStart {
                pilot_id: pilot.id.clone(),
                viewer_time_zone: None,
            },
            now,
        )?;
        self.calls += 1;
        let running = stage < 5;
        for d in 0..deliverables {
            let due = starts + Span::days(days * i64::from(d + 1) / i64::from(deliverables + 1));
            // Running pilots leave their later deliverables open (the board's next deadline).
            let delivered = if running && d * 2 >= deliverables {
                None
            } else if self.rng.chance(12) {
                Some(due + Span::hours(self.rng.range(2, 72).into()))
            } else {
                Some(due - Span::hours(self.rng.range(1, 48).into()))
            };
            let market = self.rng.pick(markets).clone();
            self.store.log_deliverable(
                &NewDeliverable {
                    pilot_id: pilot.id.clone(),
                    title: format!("Video {} ({market})", d + 1),
                    market: Some(market),
                    due_at: format_instant(due),
                    delivered_at: delivered.map(format_instant),
                    notice_given: self.rng.chance(40),
                    verdict: delivered.map(|_| {
                        if self.rng.chance(88) {
                            Verdict::OnScope
                        } else {
                            Verdict::BelowScope
                        }
                    }),
                    note: String::new(),
                    viewer_time_zone: None,
                },
                now,
            )?;
            self.calls += 1;
        }
        for _ in 0..self.rng.range(0, 3) {
            now += Span::hours(20);
            let market = self.rng.pick(markets).clone();
            self.store.log_revision_round(
                &NewRevisionRound {
                    pilot_id: pilot.id.clone(),
                    market: Some(market),
                    note: "Hook rewritten".into(),
                    viewer_time_zone: None,
                },
                now,
            )?;
            self.calls += 1;
        }
        for m in markets {
            let requested = starts + Span::days(2);
            let hours = i64::from(self.rng.range(2, 96));
            self.store.log_approval(
                &NewApproval {
                    pilot_id: pilot.id.clone(),
                    market: m.clone(),
                    requested_at: format_instant(requested),
                    approved_at: format_instant(requested + Span::hours(hours)),
                    viewer_time_zone: None,
                },
                now,
            )?;
            self.calls += 1;
        }
        if self.rng.chance(8) {
            now += Span::hours(1);
            self.flag(partner_id, Some(&pilot.id), "below_scope", now)?;
        }
        if running {
            return Ok(now);
        }
        now = starts + Span::days(days);
        for metric in &pilot.metrics {
            let actual = metric.target * (0.5 + self.rng.below(100) as f64 / 80.0);
            self.store.record_metric_actual(
                &MetricActual {
                    metric_id: metric.id.clone(),
                    actual: actual.round(),
                    viewer_time_zone: None,
                },
                now,
            )?;
            self.calls += 1;
        }
        now += Span::days(2);
        let verdicts = [
            HypothesisVerdict::Validated,
            HypothesisVerdict::Refuted,
            HypothesisVerdict::Refined,
        ];
        let causes = [
            FailureCause::None,
            FailureCause::None,
            FailureCause::Execution,
            FailureCause::Expectations,
            FailureCause::Scope,
        ];
        let debrief = NewDebrief {
            pilot_id: pilot.id.clone(),
            author: self.rng.pick(&REVIEWERS).to_string(),
            worked: "Fast turnaround on RU edits.".into(),
            did_not_work: "US approvals took too long.".into(),
            hypotheses: pilot
                .hypotheses
                .iter()
                .map(|h| HypothesisOutcome {
                    hypothesis_id: h.id.clone(),
                    verdict: *self.rng.pick(&verdicts),
                    note: String::new(),
                })
                .collect(),
            health: Health {
                communication: self.rng.range(2, 5) as i32,
                speed: self.rng.range(2, 5) as i32,
                ownership: self.rng.range(2, 5) as i32,
            },
            failure_cause: *self.rng.pick(&causes),
        };
        self.store.record_debrief(&debrief, now)?;
        self.calls += 1;
        Ok(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(store: &Store, table: &str) -> u64 {
        store
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
                r.get::<_, i64>(0)
            })
            .expect("count") as u64
    }

    #[test]
    fn a_small_spec_is_generated_exactly_and_valid() {
        // Fixed: the generator's own clock starts here; it never reads the real one.
        let start = crate::ids::parse_instant("2025-01-06T09:00:00Z").expect("instant");
        let mut store = Store::open_in_memory(start).expect("store");
        let spec = Spec::scaled(7, 200);
        let report = generate(&mut store, &spec, start).expect("generated");
        assert_eq!(
            count(&store, "partners"),
            u64::from(spec.partners),
            "partners"
        );
        assert_eq!(
            count(&store, "scorecard_answers"),
            u64::from(spec.scores),
            "scores"
        );
        assert_eq!(count(&store, "pilots"), u64::from(spec.pilots), "pilots");
        assert_eq!(
            count(&store, "decisions"),
            u64::from(spec.decisions),
            "decisions"
        );
        assert!(count(&store, "deliverables") > 0, "deliverables exist");
        assert!(count(&store, "flags") > 0, "flags exist");
        assert!(report.rows > u64::from(spec.scores), "rows are counted");
        assert_eq!(
            store.integrity_check().expect("check"),
            vec!["ok".to_owned()]
        );
    }

    #[test]
    fn the_same_seed_gives_the_same_data() {
        // Fixed: the generator's own clock, so two runs can be compared.
        let start = crate::ids::parse_instant("2025-01-06T09:00:00Z").expect("instant");
        let names = |seed| {
            let mut store = Store::open_in_memory(start).expect("store");
            generate(&mut store, &Spec::scaled(seed, 1000), start).expect("generated");
            let mut stmt = store
                .conn
                .prepare("SELECT name || phase FROM partners ORDER BY created_at, name")
                .expect("prepare");
            let rows = stmt
                .query_map([], |r| r.get::<_, String>(0))
                .expect("query")
                .collect::<std::result::Result<Vec<_>, _>>()
                .expect("rows");
            rows
        };
        assert_eq!(names(3), names(3), "same seed, same partners and phases");
        assert_ne!(names(3), names(4), "another seed, other data");
    }
}
