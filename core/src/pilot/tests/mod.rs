//! Pilot tests, split like the module: scope, log, view; the shared fixtures and the pure gate here.

use super::*;
use crate::flag::FlagStatus;
use crate::framework::{
    COMPLIANCE_OPEN_AT_DELIVERY, METRICS_NOT_AGREED, MISSED_DEADLINE_NO_NOTICE,
};
use crate::phase::Phase;
use crate::store::Store;
use crate::testing::{at, dump, partner, pilot_for, scope, store, t0, to_scoping};

fn scoped() -> (Store, String, Pilot) {
    let mut store = store();
    let p = partner(&mut store, "Sunset Creators");
    to_scoping(&mut store, &p.id);
    let pilot = pilot_for(&mut store, &p.id);
    (store, p.id, pilot)
}

fn kinds(store: &Store, partner_id: &str) -> Vec<String> {
    store
        .flags(partner_id)
        .expect("lists flags")
        .into_iter()
        .map(|f| f.kind)
        .collect()
}

mod compliance;
mod dates;
mod log;
mod scope;
mod view;

#[test]
fn the_pilot_gate_is_pure_and_needs_all_three() {
    let a = Some(t0());
    let s = Some(at(1));
    assert!(pilot_gate(a, s, false, &[Some(Verdict::OnScope)]).passed);
    assert!(
        !pilot_gate(Some(at(2)), s, false, &[Some(Verdict::OnScope)]).passed,
        "agreed after start"
    );
    assert!(
        !pilot_gate(a, s, true, &[Some(Verdict::OnScope)]).passed,
        "dealbreaker"
    );
    assert!(
        !pilot_gate(a, s, false, &[Some(Verdict::BelowScope)]).passed,
        "below scope"
    );
    assert!(!pilot_gate(a, s, false, &[None]).passed, "not yet judged");
    assert!(!pilot_gate(a, s, false, &[]).passed, "nothing delivered");
}
