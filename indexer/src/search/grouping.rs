//! One result per program: candidates sharing a place key (`model::program::place_key`)
//! come back as one result carrying all their times.

/// Groups positions by key, each group in the order of its first member, members in order.
pub fn groups(keys: impl IntoIterator<Item = u64>) -> Vec<Vec<usize>> {
    let mut index: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (position, key) in keys.into_iter().enumerate() {
        match index.get(&key) {
            Some(&g) => out[g].push(position),
            None => {
                index.insert(key, out.len());
                out.push(vec![position]);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_keep_the_order_of_their_first_member() {
        assert_eq!(
            groups([7, 3, 7, 9, 3]),
            vec![vec![0, 2], vec![1, 4], vec![3]]
        );
        assert!(groups(Vec::<u64>::new()).is_empty());
    }
}
