/*
 * bank_account.ilv in Promela: two withdrawals of 70 race on a balance of
 * 100. The test of the if is one step, whichever way it goes, and the
 * withdrawal another.
 */
#define AMOUNT 70

int balance = 100;

active [2] proctype Withdraw() {
	if
	:: balance >= AMOUNT -> balance = balance - AMOUNT
	:: balance < AMOUNT
	fi
}

ltl no_overdraft { [] (balance >= 0) }
