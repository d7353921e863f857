//! One result per program: candidates sharing a place key (`model::program::place_key`)
//! come back as one result carrying all their times. Every group is counted, but only the
//! groups up to the end of the asked page are put in order: a city's thousands of matches
//! are counted without being sorted.

use std::cmp::Ordering;

use rustc_hash::FxHashMap;

/// The groups of a search's candidates.
#[derive(Debug, PartialEq)]
pub struct Groups {
    /// Each kept group's best member (first in the order), in no particular order.
    pub best: Vec<usize>,
    /// The asked page: each group's members in order, the groups in the order of their
    /// best members.
    pub page: Vec<Vec<usize>>,
}

/// Which group each candidate is in: candidates sharing a key share a group, numbered in
/// the order their first members come.
pub struct Membership {
    group_of: Vec<usize>,
    groups: usize,
}

impl Membership {
    pub fn of(keys: &[u64]) -> Membership {
        // Place keys are hashes already: Fx mixes them at a fraction of SipHash's cost.
        let mut group_of_key: FxHashMap<u64, usize> =
            FxHashMap::with_capacity_and_hasher(keys.len(), Default::default());
        let group_of = keys
            .iter()
            .map(|key| {
                let next = group_of_key.len();
                *group_of_key.entry(*key).or_insert(next)
            })
            .collect();
        Membership {
            group_of,
            groups: group_of_key.len(),
        }
    }
}

/// Groups the candidates of `members`, keeping only groups with a member for which `keep`
/// holds, and orders the groups from `start` to `start + len` by their best member under
/// `order` (a total order).
pub fn groups(
    members: &Membership,
    keep: impl Fn(usize) -> bool,
    order: impl Fn(usize, usize) -> Ordering,
    start: usize,
    len: usize,
) -> Groups {
    let group_of = &members.group_of;
    // Each group's best member and whether it is kept. A group's first member comes
    // before any other, so it is the first best.
    let mut best: Vec<usize> = Vec::with_capacity(members.groups);
    let mut kept: Vec<bool> = vec![false; members.groups];
    for (i, &g) in group_of.iter().enumerate() {
        if g == best.len() {
            best.push(i);
        } else if order(i, best[g]) == Ordering::Less {
            best[g] = i;
        }
        kept[g] |= keep(i);
    }
    let mut ranked: Vec<usize> = (0..best.len()).filter(|&g| kept[g]).collect();
    let by_best = |a: &usize, b: &usize| order(best[*a], best[*b]);
    let end = start.saturating_add(len).min(ranked.len());
    if start >= end {
        return Groups {
            best: ranked.iter().map(|&g| best[g]).collect(),
            page: Vec::new(),
        };
    }
    // Only the groups up to the page's end are put in order.
    if end < ranked.len() {
        ranked.select_nth_unstable_by(end - 1, by_best);
    }
    ranked[..end].sort_unstable_by(by_best);
    let mut page: Vec<Vec<usize>> = vec![Vec::new(); end - start];
    // Each group's place on the page, if it is on it.
    let mut position: Vec<Option<usize>> = vec![None; best.len()];
    for (p, &g) in ranked[start..end].iter().enumerate() {
        position[g] = Some(p);
    }
    for (i, &g) in group_of.iter().enumerate() {
        if let Some(p) = position[g] {
            page[p].push(i);
        }
    }
    for members in &mut page {
        members.sort_unstable_by(|a, b| order(*a, *b));
    }
    Groups {
        best: ranked.iter().map(|&g| best[g]).collect(),
        page,
    }
}

/// Which candidates the page needs ordered in full: the members of every kept group whose
/// best rank (`ranks`, the leading part of the order) is at most the rank at which the
/// kept groups, counted in rank order, reach `end`. A group ranked after that comes after
/// at least `end` kept groups whatever the rest of the order says, so it cannot reach the
/// page (it is still counted).
pub fn needing_order<R: Ord + Copy>(
    members: &Membership,
    ranks: &[R],
    keep: impl Fn(usize) -> bool,
    end: usize,
) -> Vec<bool> {
    let group_of = &members.group_of;
    // Each group's best rank and whether it is kept.
    let mut groups: Vec<(R, bool)> = Vec::with_capacity(members.groups);
    for (i, &g) in group_of.iter().enumerate() {
        if g == groups.len() {
            groups.push((ranks[i], false));
        }
        groups[g].0 = groups[g].0.min(ranks[i]);
        groups[g].1 |= keep(i);
    }
    let mut kept_ranks: Vec<R> = groups.iter().filter(|g| g.1).map(|g| g.0).collect();
    let last = match end {
        0 => return vec![false; group_of.len()],
        _ if end >= kept_ranks.len() => None,
        _ => Some(*kept_ranks.select_nth_unstable(end - 1).1),
    };
    group_of
        .iter()
        .map(|&g| groups[g].1 && last.is_none_or(|last| groups[g].0 <= last))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_groups_ranked_up_to_the_page_end_need_their_order() {
        // Groups by key: 1 (ranks 0 and 2), 2 (rank 1), 3 (rank 1, not kept), 4 (rank 2),
        // 5 (rank 3).
        let keys = [1, 2, 1, 3, 4, 5];
        let ranks = [0, 1, 2, 1, 2, 3];
        let kept = [true, true, false, false, true, true];
        let members = Membership::of(&keys);
        let needing = |end| needing_order(&members, &ranks, |i| kept[i], end);
        // A page of one: group 1 (best rank 0) fills it; every member of it is needed.
        assert_eq!(needing(1), [true, false, true, false, false, false]);
        // A page ending at the second kept group: rank 1 (group 2).
        assert_eq!(needing(2), [true, true, true, false, false, false]);
        // Ending at the third: rank 2 (group 4); the group not kept never is.
        assert_eq!(needing(3), [true, true, true, false, true, false]);
        // A page reaching past every kept group needs them all.
        assert_eq!(needing(10), [true, true, true, false, true, true]);
        assert_eq!(needing(0), [false; 6]);
    }

    /// Candidates ranked by their position (lower first) unless `ranks` says otherwise.
    fn grouped(keys: &[u64], ranks: &[u32], kept: &[bool], start: usize, len: usize) -> Groups {
        groups(
            &Membership::of(keys),
            |i| kept[i],
            |a, b| ranks[a].cmp(&ranks[b]).then(a.cmp(&b)),
            start,
            len,
        )
    }

    #[test]
    fn groups_come_in_the_order_of_their_best_member() {
        // Keys 7, 3, 9; the best of 7 is candidate 2, of 3 candidate 1.
        let g = grouped(&[7, 3, 7, 9, 3], &[5, 1, 0, 9, 2], &[true; 5], 0, 10);
        assert_eq!(g.page, vec![vec![2, 0], vec![1, 4], vec![3]]);
        let mut best = g.best.clone();
        best.sort();
        assert_eq!(best, vec![1, 2, 3]);
    }

    #[test]
    fn a_page_is_cut_from_the_whole_order_and_every_group_counts() {
        let keys: Vec<u64> = (0..100).map(|i| i % 40).collect();
        let ranks: Vec<u32> = (0..100).map(|i| (i * 37 % 101) as u32).collect();
        let everything = grouped(&keys, &ranks, &[true; 100], 0, 100);
        assert_eq!(everything.page.len(), 40);
        let page = grouped(&keys, &ranks, &[true; 100], 10, 5);
        assert_eq!(page.best.len(), 40, "every group is counted");
        assert_eq!(page.page, everything.page[10..15]);
        // Past the end: counted, nothing shown.
        let past = grouped(&keys, &ranks, &[true; 100], 40, 5);
        assert_eq!(past.best.len(), 40);
        assert!(past.page.is_empty());
    }

    #[test]
    fn a_group_with_no_kept_member_is_left_out() {
        // Key 3's members are both closed; key 7 is kept through its second member.
        let g = grouped(
            &[7, 3, 7, 3],
            &[0, 1, 2, 3],
            &[false, false, true, false],
            0,
            10,
        );
        assert_eq!(g.page, vec![vec![0, 2]]);
        assert_eq!(g.best, vec![0]);
        assert!(grouped(&[], &[], &[], 0, 10).page.is_empty());
    }
}
