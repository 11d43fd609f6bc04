//! Resolver cases, each proven by the quoted line(s) of `mirbase_table.tsv`.
//! (`N acc type first last name`; `L precursor mature`.)

use super::*;
use crate::mirna::{Release, Status};

fn resolver() -> Resolver {
    Resolver::embedded().unwrap()
}

/// Asserts status and matched accessions (in order).
#[track_caller]
fn check(r: &Resolver, query: &str, status: Status, ids: &[&str]) {
    let res = r.resolve(query);
    let got: Vec<&str> = res.matches.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        (res.status, got.as_slice()),
        (status, ids),
        "{query}: {res:?}"
    );
}

#[track_caller]
fn check_as_of(r: &Resolver, query: &str, release: &str, status: Status, ids: &[&str]) {
    let res = r.resolve_as_of(query, Release::parse(release).unwrap());
    let got: Vec<&str> = res.matches.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        (res.status, got.as_slice()),
        (status, ids),
        "{query}@{release}: {res:?}"
    );
}

#[test]
fn current_names_and_accessions() {
    let r = resolver();
    // N MIMAT0000076 M 18 22 hsa-miR-21-5p
    check(&r, "hsa-miR-21-5p", Status::Current, &["MIMAT0000076"]);
    // N MIMAT0004494 M 18 22 hsa-miR-21-3p
    check(&r, "hsa-miR-21-3p", Status::Current, &["MIMAT0004494"]);
    // N MIMAT0001631 M 18 22 hsa-miR-451a
    check(&r, "hsa-miR-451a", Status::Current, &["MIMAT0001631"]);
    // N MIMAT0019877 M 22 22 hsa-miR-122b-3p
    check(&r, "hsa-miR-122b-3p", Status::Current, &["MIMAT0019877"]);
    // N MIMAT0000087 M 6 9.2 / 18 22 hsa-miR-30a-5p (back to its old name): current
    check(&r, "hsa-miR-30a-5p", Status::Current, &["MIMAT0000087"]);
    // N MIMAT0004770 M 10 22 hsa-miR-516a-5p (MIMAT0004771 used it only in v10): latest wins
    check(&r, "hsa-miR-516a-5p", Status::Current, &["MIMAT0004770"]);
    // N MIMAT0006778 M 11 22 hsa-miR-516a-3p (N MIMAT0002860 M 10 10.1 same name)
    check(&r, "hsa-miR-516a-3p", Status::Current, &["MIMAT0006778"]);
    // N MIMAT0002870 M 18 22 hsa-miR-499a-5p (N MIMAT0019897 M 17 17 same name)
    check(&r, "hsa-miR-499a-5p", Status::Current, &["MIMAT0002870"]);
    // N MIMAT0016844 M 15 22 hsa-miR-4295
    check(&r, "hsa-miR-4295", Status::Current, &["MIMAT0016844"]);
    // accessions directly, any case: N MIMAT0000076 ... live in 22
    check(&r, "MIMAT0000076", Status::Current, &["MIMAT0000076"]);
    check(&r, " mimat0000076 ", Status::Current, &["MIMAT0000076"]);
}

#[test]
fn arm_assigned_names() {
    let r = resolver();
    // N MIMAT0000076 M 6 17 hsa-miR-21 ; 18 22 hsa-miR-21-5p
    check(&r, "hsa-miR-21", Status::ArmAssigned, &["MIMAT0000076"]);
    // missing prefix: the same record
    check(&r, "miR-21", Status::ArmAssigned, &["MIMAT0000076"]);
    // N MIMAT0000062 M 6 17 hsa-let-7a ; v22 hsa-let-7a-5p
    check(&r, "let-7a", Status::ArmAssigned, &["MIMAT0000062"]);
    // N MIMAT0000728 M 6 21 hsa-miR-375 ; 22 22 hsa-miR-375-3p
    check(&r, "miR-375", Status::ArmAssigned, &["MIMAT0000728"]);
    // N MIMAT0000416 M 6 20 hsa-miR-1 ; 21 22 hsa-miR-1-3p (GSE63511's v20 name)
    check(&r, "hsa-miR-1", Status::ArmAssigned, &["MIMAT0000416"]);
    // N MIMAT0000435 M 6 17 hsa-miR-143 ; v22 hsa-miR-143-3p
    check(&r, "miR-143", Status::ArmAssigned, &["MIMAT0000435"]);
    // N MIMAT0000617 M 6 17 hsa-miR-200c ; 18 22 hsa-miR-200c-3p
    check(&r, "miR-200c", Status::ArmAssigned, &["MIMAT0000617"]);
    // N MIMAT0000445 M 6 17 hsa-miR-126 ; 18 22 hsa-miR-126-3p
    check(&r, "hsa-miR-126", Status::ArmAssigned, &["MIMAT0000445"]);
    // N MIMAT0000646 M 6 17 hsa-miR-155 ; 18 22 hsa-miR-155-5p
    check(&r, "miR-155", Status::ArmAssigned, &["MIMAT0000646"]);
    // N MIMAT0000685 M 6 9.2 hsa-miR-34b ; N MIMAT0004676 M 10 17 hsa-miR-34b (18 22 -3p):
    // the latest release that used the name wins
    check(&r, "hsa-miR-34b", Status::ArmAssigned, &["MIMAT0004676"]);
}

#[test]
fn renamed_names_star_names_included() {
    let r = resolver();
    // N MIMAT0001631 M 7.1 17 hsa-miR-451 -> hsa-miR-451a
    check(&r, "miR-451", Status::Renamed, &["MIMAT0001631"]);
    // N MIMAT0019877 M 17 21 hsa-miR-3591-3p -> 22 hsa-miR-122b-3p
    check(&r, "miR-3591-3p", Status::Renamed, &["MIMAT0019877"]);
    // N MIMAT0019876 M 17 21 hsa-miR-3591-5p -> hsa-miR-122b-5p
    check(&r, "hsa-miR-3591-5p", Status::Renamed, &["MIMAT0019876"]);
    // N MIMAT0004494 M 10 17 hsa-miR-21* -> hsa-miR-21-3p
    check(&r, "miR-21*", Status::Renamed, &["MIMAT0004494"]);
    // N MIMAT0000232 M 6 9.2 hsa-miR-199a* -> hsa-miR-199a-3p
    check(&r, "hsa-miR-199a*", Status::Renamed, &["MIMAT0000232"]);
    // N MIMAT0000444 M 6 17 hsa-miR-126* -> hsa-miR-126-5p
    check(&r, "miR-126*", Status::Renamed, &["MIMAT0000444"]);
    // N MIMAT0000092 M 6 9.2 hsa-miR-92 -> 18 22 hsa-miR-92a-3p
    check(&r, "hsa-miR-92", Status::Renamed, &["MIMAT0000092"]);
    // N MIMAT0000092 M 10 17 hsa-miR-92a -> hsa-miR-92a-3p (not name + arm of itself? it is!)
    check(&r, "hsa-miR-92a", Status::ArmAssigned, &["MIMAT0000092"]);
    // N MIMAT0002809 M 7.1 9.2 hsa-miR-146b -> 10 22 hsa-miR-146b-5p
    check(&r, "miR-146b", Status::ArmAssigned, &["MIMAT0002809"]);
    // N MIMAT0000685 M 10 17 hsa-miR-34b* -> 18 22 hsa-miR-34b-5p
    check(&r, "hsa-miR-34b*", Status::Renamed, &["MIMAT0000685"]);
    // N MIMAT0002870 M 7.1 9.2 hsa-miR-499 -> hsa-miR-499a-5p
    check(&r, "hsa-miR-499", Status::Renamed, &["MIMAT0002870"]);
}

#[test]
fn precursor_names_list_all_products_dominant_first() {
    let r = resolver();
    // N MI0000077 P 6 22 hsa-mir-21 ; L MI0000077 MIMAT0000076 ; L MI0000077 MIMAT0004494
    check(
        &r,
        "hsa-mir-21",
        Status::Precursor,
        &["MIMAT0000076", "MIMAT0004494"],
    );
    // prefix added: same record
    check(
        &r,
        "mir-21",
        Status::Precursor,
        &["MIMAT0000076", "MIMAT0004494"],
    );
    // N MI0000060 P 6 22 hsa-let-7a-1 ; L MI0000060 MIMAT0000062 / MIMAT0004481
    check(
        &r,
        "hsa-let-7a-1",
        Status::Precursor,
        &["MIMAT0000062", "MIMAT0004481"],
    );
    // N MI0000061 P 6 22 hsa-let-7a-2 ; L MI0000061 MIMAT0000062 / MIMAT0010195 (let-7a-2-3p)
    check(
        &r,
        "hsa-let-7a-2",
        Status::Precursor,
        &["MIMAT0000062", "MIMAT0010195"],
    );
    // N MI0000062 P 6 22 hsa-let-7a-3 ; the same mature MIMAT0000062 from a third locus
    check(
        &r,
        "hsa-let-7a-3",
        Status::Precursor,
        &["MIMAT0000062", "MIMAT0004481"],
    );
    // N MI0000063 P 6 22 hsa-let-7b and N MIMAT0000063 M 6 17 hsa-let-7b: v22 (a hairpin) wins
    check(
        &r,
        "hsa-let-7b",
        Status::Precursor,
        &["MIMAT0000063", "MIMAT0004482"],
    );
    // N MI0017383 P 17 21 hsa-mir-3591 (v22 hsa-mir-122b) ; L MI0017383 MIMAT0019876/7
    check(
        &r,
        "hsa-mir-3591",
        Status::Precursor,
        &["MIMAT0019876", "MIMAT0019877"],
    );
    // a hairpin accession: N MI0000077
    check(
        &r,
        "MI0000077",
        Status::Precursor,
        &["MIMAT0000076", "MIMAT0004494"],
    );
}

#[test]
fn dead_names_and_accessions_name_the_release_that_removed_them() {
    let r = resolver();
    // N MIMAT0000277 M 6 10 hsa-miR-220 ; 10.1 15 hsa-miR-220a: gone in 16
    let res = r.resolve("hsa-miR-220");
    assert_eq!(res.status, Status::Dead);
    assert_eq!(
        (
            res.matches[0].id.as_str(),
            res.matches[0].name.as_str(),
            res.matches[0].release.label()
        ),
        ("MIMAT0000277", "hsa-miR-220a", "16")
    );
    // N MI0000297 P 6 10 hsa-mir-220 (10.1 15 hsa-mir-220a)
    check(&r, "hsa-mir-220", Status::Dead, &["MI0000297"]);
    // N MIMAT0004973 M 10 12 hsa-miR-923
    let res = r.resolve("miR-923");
    assert_eq!(
        (res.status, res.matches[0].release.label()),
        (Status::Dead, "13")
    );
    // N MIMAT0005954 M 11 18 hsa-miR-720
    check(&r, "hsa-miR-720", Status::Dead, &["MIMAT0005954"]);
    // N MIMAT0005927 M 11 16 hsa-miR-1274a
    check(&r, "hsa-miR-1274a", Status::Dead, &["MIMAT0005927"]);
    // the accession itself
    check(&r, "MIMAT0005954", Status::Dead, &["MIMAT0005954"]);
}

#[test]
fn ambiguous_names_list_every_candidate() {
    let r = resolver();
    // no release used hsa-miR-10392; N MIMAT0041615 M 22 22 hsa-miR-10392-5p and
    // N MIMAT0041616 M 22 22 hsa-miR-10392-3p
    check(
        &r,
        "hsa-miR-10392",
        Status::Ambiguous,
        &["MIMAT0041615", "MIMAT0041616"],
    );
    // letter case ignored fits both N MIMAT0000076 M 6 17 hsa-miR-21 and N MI0000077 P hsa-mir-21
    let res = r.resolve("HSA-MIR-21");
    assert_eq!(res.status, Status::Ambiguous, "{res:?}");
    assert_eq!(res.matches.len(), 2); // MIMAT0000076 (twice fused), MIMAT0004494
}

#[test]
fn unknown_junk_and_other_species() {
    let r = resolver();
    for q in [
        "mmu-miR-21a-5p",
        "hsa-miR-99999",
        "GAPDH",
        "",
        "  ",
        "miR-",
        "MIMAT9999999",
        "rno-let-7a",
        "aµµ",
    ] {
        check(&r, q, Status::Unknown, &[]);
    }
}

#[test]
fn case_and_prefix_variants_accepted_when_unique() {
    let r = resolver();
    // N MIMAT0019877 M 22 22 hsa-miR-122b-3p: only one accession spells it in any case
    check(&r, "HSA-miR-122B-3P", Status::Current, &["MIMAT0019877"]);
    // ... but hsa-mir-451a is also the v22 hairpin MI0001729, so upper case is ambiguous
    assert_eq!(r.resolve("HSA-MIR-451A").status, Status::Ambiguous);
    // N MIMAT0000076 M 18 22 hsa-miR-21-5p
    check(&r, "MIR-21-5P", Status::Current, &["MIMAT0000076"]);
    // whitespace trimmed, query kept as given
    let res = r.resolve(" hsa-miR-21-5p\t");
    assert_eq!(
        (res.status, res.query.as_str()),
        (Status::Current, " hsa-miR-21-5p\t")
    );
}

#[test]
fn an_older_release_can_be_asked_to_win() {
    let r = resolver();
    // N MIMAT0000685 M 6 9.2 hsa-miR-34b (today hsa-miR-34b-5p)
    check_as_of(
        &r,
        "hsa-miR-34b",
        "9.2",
        Status::ArmAssigned,
        &["MIMAT0000685"],
    );
    // in v10 two accessions were named hsa-miR-516a-5p (MIMAT0004770, MIMAT0004771)
    check_as_of(
        &r,
        "hsa-miR-516a-5p",
        "10",
        Status::Ambiguous,
        &["MIMAT0004770", "MIMAT0004771"],
    );
    // v17: N MIMAT0019897 M 17 17 hsa-miR-499a-5p -> now hsa-miR-499b-5p
    check_as_of(
        &r,
        "hsa-miR-499a-5p",
        "17",
        Status::Renamed,
        &["MIMAT0019897"],
    );
    // v17: hsa-let-7b was both a mature and a hairpin name; the mature wins
    check_as_of(
        &r,
        "hsa-let-7b",
        "17",
        Status::ArmAssigned,
        &["MIMAT0000063"],
    );
    // a name first used after the release asked falls back to its own latest release
    check_as_of(
        &r,
        "hsa-miR-122b-3p",
        "10",
        Status::Current,
        &["MIMAT0019877"],
    );
}
