//! Structure, meta, detection, the rules and the ledger row on arbitrary
//! text: every provision cites a unit the structure has, every finding a
//! provision's clause or the whole text, and the row is drafted or not
//! without a panic.
#![no_main]
#[path = "common.rs"]
mod common;
use libfuzzer_sys::fuzz_target;
use taizhang::extract::{Extracted, Format};

fuzz_target!(|data: &[u8]| {
    common::init();
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let doc = taizhang::pipeline::build(
        "x.txt".into(),
        Format::Txt,
        Extracted::single(text.to_string(), "text"),
    );
    let a = taizhang::check::analyse(&doc);
    let mut cites = Vec::new();
    taizhang::structure::Unit::each(&a.units, &mut |u| cites.push(u.cite.clone()));
    for p in &a.provisions {
        assert!(
            cites.contains(&p.cite),
            "provision at {} not in the structure",
            p.cite
        );
    }
    let findings = taizhang::check::check(&doc, &a);
    for f in &findings {
        assert!(!f.rule.is_empty() && !f.message.is_empty());
    }
    let unit = taizhang::ledger::UnitInfo::default();
    let _ = taizhang::ledger::part(doc, &unit, true);
});
