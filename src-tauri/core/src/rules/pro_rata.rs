//! The pro-rata split of what a household can pay its non-priority creditors, exact to the penny
//! (recovery-rules.md §8.1 "Pro-rata split", worked examples T38–T40).
//!
//! offer(i) = available × debt(i) ÷ Σ debts. Each share is rounded down to the penny; the pennies left over
//! go one each to the largest remainders, ties to the earlier creditor in the list (the largest-remainder
//! method). The shares always sum to the amount available and none differs from its exact value by a penny
//! or more; the result does not depend on anything but the order of the list.

use crate::money::Money;

/// Splits `available` between `debts` in proportion to the amounts owed, exact to the penny by largest
/// remainder (recovery-rules.md §8.1; confidence Medium-High, the penny allocation is the note's
/// recommendation and this product's DECISION). The shares are in the order of `debts` and sum to
/// `available`.
///
/// Nothing is shared out when `available` is zero or less, or when nothing is owed: every share is £0.00. A
/// debt of £0.00 gets £0.00. Negative debts are treated as £0.00 (a credit is not a debt).
///
/// T39: £100.00 between £1,000 / £700 / £300 / £333 → £42.86 / £30.01 / £12.86 / £14.27.
pub fn pro_rata_offers(available: Money, debts: &[Money]) -> Vec<Money> {
    let owed: Vec<i128> = debts.iter().map(|d| i128::from(d.pence().max(0))).collect();
    let total: i128 = owed.iter().sum();
    let pot = i128::from(available.pence());
    if pot <= 0 || total == 0 {
        return vec![Money::ZERO; debts.len()];
    }
    // share_i = pot × owed_i ÷ total, in pence: floor and remainder (the remainder is in units of 1/total p).
    let mut shares: Vec<i128> = Vec::with_capacity(owed.len());
    let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(owed.len());
    for (i, o) in owed.iter().enumerate() {
        let exact = pot * o;
        shares.push(exact / total);
        remainders.push((exact % total, i));
    }
    let left_over = pot - shares.iter().sum::<i128>();
    // Largest remainder first; on a tie the earlier creditor first. A debt of zero has remainder zero and
    // never takes a penny while any other debt is owed (left_over < number of non-zero debts).
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders.iter().take(usize::try_from(left_over).expect("fewer pennies than creditors")) {
        shares[*i] += 1;
    }
    shares.into_iter().map(|p| Money::from_pence(i64::try_from(p).expect("a share within i64 pence"))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    #[test]
    fn nothing_is_shared_when_nothing_is_available_or_owed() {
        assert_eq!(pro_rata_offers(m("0"), &[m("10"), m("20")]), vec![Money::ZERO, Money::ZERO]);
        assert_eq!(pro_rata_offers(m("-5"), &[m("10")]), vec![Money::ZERO]);
        assert_eq!(pro_rata_offers(m("5"), &[m("0"), m("0")]), vec![Money::ZERO, Money::ZERO]);
        assert!(pro_rata_offers(m("5"), &[]).is_empty());
    }

    #[test]
    fn a_debt_of_nothing_gets_nothing() {
        assert_eq!(
            pro_rata_offers(m("0.03"), &[m("0"), m("1"), m("1"), m("1")]),
            vec![m("0"), m("0.01"), m("0.01"), m("0.01")]
        );
    }

    #[test]
    fn ties_go_to_the_earlier_creditor() {
        // 1p between three equal debts: the first creditor takes it.
        assert_eq!(pro_rata_offers(m("0.01"), &[m("5"), m("5"), m("5")]), vec![m("0.01"), m("0"), m("0")]);
        assert_eq!(pro_rata_offers(m("0.02"), &[m("5"), m("5"), m("5")]), vec![m("0.01"), m("0.01"), m("0")]);
    }

    proptest! {
        #[test]
        fn shares_sum_to_the_amount_available_and_each_is_within_a_penny_of_exact(
            pot in 1i64..10_000_000,
            debts in proptest::collection::vec(0i64..100_000_000, 1..12),
        ) {
            prop_assume!(debts.iter().any(|d| *d > 0));
            let money: Vec<Money> = debts.iter().map(|p| Money::from_pence(*p)).collect();
            let shares = pro_rata_offers(Money::from_pence(pot), &money);
            prop_assert_eq!(shares.len(), debts.len());
            prop_assert_eq!(shares.iter().map(|s| s.pence()).sum::<i64>(), pot);
            let total: i128 = debts.iter().map(|d| i128::from(*d)).sum();
            for (share, debt) in shares.iter().zip(&debts) {
                // |share − pot × debt ÷ total| < 1p  ⇔  |share × total − pot × debt| < total
                let diff = (i128::from(share.pence()) * total - i128::from(pot) * i128::from(*debt)).abs();
                prop_assert!(diff < total, "share {} of debt {} is a penny or more from exact", share, debt);
                prop_assert!(share.pence() >= 0);
            }
        }
    }
}
