// The fake core's income and expenditure commands for the UI tests: answers from fixtures written by Rust (tests/it/ui_fixtures_income_expenditure.rs), and a small stand-in for compute_income_expenditure so typing changes the overview. Test code only: the app never adds money up.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function fixture(name) {
  return JSON.parse(fs.readFileSync(path.join(here, 'fixtures', `${name}.json`), 'utf8'));
}

/** Everything the fake I&E commands answer from. */
export function ieFixtures() {
  return {
    catalogue: fixture('ie_catalogue'),
    newJane: fixture('ie_new_jane'),
    latestJane: fixture('ie_latest_jane'),
    olderJane: fixture('ie_older_jane'),
    historyJane: fixture('ie_history_jane'),
    guidelines: fixture('ie_guidelines'),
    sfsReadExample: fixture('ie_sfs_read_example'),
    sfsInvalidError: fixture('ie_sfs_invalid_error'),
    reviewMonths: 6,
  };
}

/**
 * Runs in the page (page.addInitScript): sets `window.__fakeMore(cmd, input)`, which the harness's fake invoke
 * asks for any command it does not know; it returns { value } for an I&E command, or undefined.
 */
export function fakeIncomeExpenditure(fx) {
  const clone = (x) => (x === undefined ? undefined : JSON.parse(JSON.stringify(x)));
  const JANE = fx.latestJane.party_id;
  const today = '2026-11-25';
  const state = {
    history: { [JANE]: clone(fx.historyJane) },
    saved: { [fx.latestJane.id]: clone(fx.latestJane), [fx.olderJane.id]: clone(fx.olderJane) },
    reviewMonths: fx.reviewMonths,
    n: 0,
  };
  window.__ie = state;

  // ---- pence arithmetic, the same rules as rules/income_expenditure.rs and rules/pro_rata.rs -----------------
  const PER_YEAR = { weekly: 52n, fortnightly: 26n, four_weekly: 13n, monthly: 12n, quarterly: 4n, annually: 1n };
  function pence(text) {
    const t = String(text ?? '').trim().replace(/[£,\s]/g, '');
    if (t === '') return { ok: true, p: 0n };
    const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(t);
    if (!m) {
      return /^-?\d+\.\d{3,}$/.test(t)
        ? { ok: false, reason: `'${String(text).trim()}' has more than two decimal places` }
        : { ok: false, reason: `'${String(text).trim()}' is not an amount of money (use digits and a decimal point, e.g. 1234.50)` };
    }
    const p = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
    if (m[1]) return { ok: false, reason: 'must be £0.00 or more' };
    return { ok: true, p };
  }
  function text(p) {
    const neg = p < 0n;
    const a = neg ? -p : p;
    return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
  }
  function monthly(p, f) {
    const yearly = p * PER_YEAR[f];
    const q = yearly / 12n;
    return 2n * (yearly % 12n) >= 12n ? q + 1n : q;
  }
  function proRata(pot, owed) {
    const total = owed.reduce((a, b) => a + b, 0n);
    if (pot <= 0n || total === 0n) return owed.map(() => 0n);
    const shares = owed.map((o) => (pot * o) / total);
    const rem = owed.map((o, i) => [(pot * o) % total, i]);
    let left = pot - shares.reduce((a, b) => a + b, 0n);
    rem.sort((a, b) => (b[0] > a[0] ? 1 : b[0] < a[0] ? -1 : a[1] - b[1]));
    for (const [, i] of rem) {
      if (left <= 0n) break;
      shares[i] += 1n;
      left -= 1n;
    }
    return shares;
  }

  /** A stand-in for compute_income_expenditure: the view's shape, the SFS arithmetic, the main warnings. */
  function compute(statement, takenOn) {
    const problems = [];
    const amount = (t, field) => {
      const r = pence(t);
      if (!r.ok) problems.push({ field, reason: r.reason });
      return r.ok ? r.p : 0n;
    };
    const h = statement.household ?? {};
    const lines = (statement.lines ?? []).map((l, i) => {
      const p = amount(l.amount, `lines[${i}].amount`);
      return { item: l.item, amount: text(p), frequency: l.frequency, monthly: text(monthly(p, l.frequency)), notes: l.notes ?? '', _m: monthly(p, l.frequency) };
    });
    const groupOf = (item) => fx.catalogue.groups.find((g) => g.items.some((i) => i.code === item));
    const groups = fx.catalogue.groups.map((g) => ({
      group: g.code, section: g.section, label: g.label,
      _t: lines.filter((l) => groupOf(l.item) === g).reduce((a, l) => a + l._m, 0n),
    }));
    const sum = (section) => groups.filter((g) => g.section === section).reduce((a, g) => a + g._t, 0n);
    const income = sum('income');
    const fixed = sum('fixed_costs');
    const flexible = sum('flexible_costs');
    const savings = amount(statement.savingsContribution, 'savingsContribution');
    const fee = amount(statement.debtAdminFee, 'debtAdminFee');
    const debts = (list, name) => (list ?? []).map((d, i) => ({
      creditor: (d.creditor ?? '').trim(), amount_owed: amount(d.amountOwed, `${name}[${i}].amountOwed`),
      offer: amount(d.offer, `${name}[${i}].offer`), ccj: Boolean(d.ccj), council: Boolean(d.council), notes: (d.notes ?? '').trim(),
    }));
    const priority = debts(statement.priorityDebts, 'priorityDebts');
    const nonPriority = debts(statement.nonPriorityDebts, 'nonPriorityDebts');
    const token = (statement.tokenPayments ?? '').trim() ? amount(statement.tokenPayments, 'tokenPayments') : null;
    const availablePriority = income - fixed - flexible - savings - fee;
    const priorityOffers = priority.reduce((a, d) => a + d.offer, 0n);
    const availableNon = availablePriority - priorityOffers;
    const shares = proRata(availableNon, nonPriority.map((d) => d.amount_owed));
    const warnings = [];
    if (income === 0n) warnings.push({ code: 'no_income', message: 'No income is recorded.' });
    if (availablePriority < 0n) {
      warnings.push({ code: 'negative_budget', message: `The budget does not balance: outgoings, savings and fees are £${text(-availablePriority)} a month more than income. Signpost free, independent debt advice.` });
    }
    const composition = {
      adults: 1 + (h.jointApplication ? 1 : 0) + (h.otherDependants ?? 0),
      children: (h.dependentChildrenUnder16 ?? 0) + (h.dependentChildren16To18 ?? 0),
      vehicles: h.vehicles ?? 0,
    };
    const on = takenOn || today;
    const guidelineChecks = [];
    for (const g of groups) {
      const found = fx.guidelines.filter((x) => x.category === g.group && x.household.adults === composition.adults
        && x.household.children === composition.children && x.valid_from <= on)
        .sort((a, b) => (a.valid_from < b.valid_from ? 1 : -1))[0];
      if (!found) continue;
      const limit = pence(found.amount).p;
      const def = fx.catalogue.groups.find((x) => x.code === g.group);
      guidelineChecks.push({
        group: g.group, label: g.label, household: found.household, guideline: found.amount, valid_from: found.valid_from,
        spent: text(g._t), over: g._t > limit,
        explained: lines.some((l) => def.items.some((i) => i.code === l.item) && l.notes.trim() !== ''),
      });
    }
    for (const c of guidelineChecks.filter((x) => x.over)) {
      warnings.push({ code: 'over_guideline', message: `${c.label} (£${c.spent}) is over the spending guideline of £${c.guideline}.` });
    }
    const councilPriority = priority.filter((d) => d.council).reduce((a, d) => a + d.offer, 0n);
    const headroom = availablePriority - (priorityOffers - councilPriority);
    const councilShare = nonPriority.reduce((a, d, i) => a + (d.council ? shares[i] : 0n), 0n);
    const toDebt = (d) => ({ ...d, amount_owed: text(d.amount_owed), offer: text(d.offer) });
    return {
      statement: {
        household: {
          client_name: h.clientName ?? '', client_date_of_birth: h.clientDateOfBirth ?? '', joint_application: Boolean(h.jointApplication),
          partner_name: h.partnerName ?? '', partner_date_of_birth: h.partnerDateOfBirth ?? '', client_address: h.clientAddress ?? '',
          dependent_children_under_16: h.dependentChildrenUnder16 ?? 0, dependent_children_16_18: h.dependentChildren16To18 ?? 0,
          other_dependants: h.otherDependants ?? 0, non_dependants: h.nonDependants ?? 0, vehicles: h.vehicles ?? 0,
          housing_tenure: h.housingTenure ?? '', housing_tenure_other: h.housingTenureOther ?? '',
          client_employment_status: h.clientEmploymentStatus ?? [], client_employment_status_other: h.clientEmploymentStatusOther ?? '',
          partner_employment_status: h.partnerEmploymentStatus ?? [], partner_employment_status_other: h.partnerEmploymentStatusOther ?? '',
          asset_use_considered: Boolean(h.assetUseConsidered),
        },
        lines: lines.map(({ _m, ...l }) => l),
        savings_contribution: text(savings),
        savings_contribution_considered: Boolean(statement.savingsContributionConsidered),
        debt_admin_fee: text(fee),
        debt_admin_fee_notes: statement.debtAdminFeeNotes ?? '',
        priority_debts: priority.map(toDebt),
        non_priority_debts: nonPriority.map(toDebt),
        token_payments: token === null ? null : text(token),
        notes: statement.notes ?? [],
      },
      total_number_in_household: 1 + (h.jointApplication ? 1 : 0) + (h.dependentChildrenUnder16 ?? 0) + (h.dependentChildren16To18 ?? 0) + (h.otherDependants ?? 0) + (h.nonDependants ?? 0),
      household_composition: composition,
      groups: groups.map(({ _t, ...g }) => ({ ...g, total: text(_t) })),
      overview: {
        total_income: text(income), total_fixed_costs: text(fixed), total_flexible_costs: text(flexible),
        total_expenditure: text(fixed + flexible), disposable_income: text(income - fixed - flexible),
        savings_contribution: text(savings), debt_admin_fee: text(fee), available_for_priority_debts: text(availablePriority),
        total_priority_debts: text(priority.reduce((a, d) => a + d.amount_owed, 0n)), priority_offers: text(priorityOffers),
        available_for_non_priority_debts: text(availableNon),
        total_non_priority_debts: text(nonPriority.reduce((a, d) => a + d.amount_owed, 0n)),
        non_priority_offers: text(nonPriority.reduce((a, d) => a + d.offer, 0n)),
        token_payments: token === null ? null : text(token),
      },
      non_priority_shares: shares.map(text),
      guideline_checks: guidelineChecks,
      warnings,
      council_offer: {
        available_for_priority_debts: text(availablePriority),
        other_priority_offers: text(priorityOffers - councilPriority),
        council_priority_offers: text(councilPriority),
        council_priority_headroom: text(headroom > 0n ? headroom : 0n),
        council_non_priority_share: text(councilShare),
        affordable: text(councilPriority + councilShare),
        warnings: [],
      },
      problems,
    };
  }

  function addMonths(iso, months) {
    const [y, m, d] = iso.split('-').map(Number);
    const total = y * 12 + (m - 1) + months;
    return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }

  function save(partyId, takenOn, statement, source, fileName, startedFromId) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(takenOn ?? '')) throw { code: 'validation', field: 'takenOn', message: `'${takenOn}' is not a date (use YYYY-MM-DD)` };
    if (takenOn > today) throw { code: 'validation', field: 'takenOn', message: `${takenOn} is in the future` };
    const view = compute(statement, takenOn);
    if (view.problems.length) {
      const more = view.problems.length > 1 ? ` (and ${view.problems.length - 1} more)` : '';
      throw { code: 'validation', field: view.problems[0].field, message: `${view.problems[0].reason}${more}` };
    }
    state.n += 1;
    const o = view.overview;
    const row = {
      id: `0193a7c2-5b1e-7c3a-9f10-2b8d4e6a7${String(state.n).padStart(3, '0')}`, party_id: partyId, taken_on: takenOn,
      source, sfs_schema: source === 'officer' ? '' : 'summary', source_file_name: fileName ?? '', started_from_id: startedFromId ?? null,
      total_income: o.total_income, total_expenditure: o.total_expenditure,
      available_for_priority_debts: o.available_for_priority_debts, priority_offers: o.priority_offers,
      available_for_non_priority_debts: o.available_for_non_priority_debts,
      created_at: `${today}T10:00:00Z`, created_by: 'a.officer',
    };
    const due = addMonths(takenOn, state.reviewMonths);
    const { problems, ...rest } = view;
    const saved = { ...row, review_due_on: due, stale: today >= due, view: { ...rest, problems: [] } };
    state.saved[row.id] = saved;
    (state.history[partyId] ??= []).unshift(row);
    state.history[partyId].sort((a, b) => (a.taken_on < b.taken_on ? 1 : a.taken_on > b.taken_on ? -1 : 0));
    return saved;
  }

  const notFound = (what) => ({ code: 'not_found', message: `${what} was not found` });
  /** The tests' broken file is the shipped example with a count in words (see ui_fixtures_income_expenditure.rs). */
  const badFile = (content) => {
    if (String(content).includes('"dependent-children-under-16":"one"')) return true;
    try {
      JSON.parse(content);
      return false;
    } catch {
      return !String(content).trim().startsWith('<');
    }
  };
  const PDF = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/MediaBox[0 0 595 842]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

  window.__fakeMore = (cmd, input) => {
    switch (cmd) {
      case 'income_expenditure_catalogue':
        return { value: clone(fx.catalogue) };
      case 'compute_income_expenditure':
        return { value: compute(input.statement, input.takenOn) };
      case 'new_income_expenditure': {
        const history = state.history[input.partyId] ?? [];
        if (history.length && input.partyId === JANE && history[0].id === fx.latestJane.id) return { value: clone(fx.newJane) };
        if (history.length) {
          const last = state.saved[history[0].id];
          return { value: { party_id: input.partyId, started_from_id: last.id, started_from_taken_on: last.taken_on, statement: window.__ieInput(last.view.statement) } };
        }
        return { value: { party_id: input.partyId, started_from_id: null, started_from_taken_on: null, statement: window.__ieInput({ household: {} }) } };
      }
      case 'save_income_expenditure':
        return { value: save(input.partyId, input.takenOn, input.statement, 'officer', '', input.startedFromId) };
      case 'income_expenditure': {
        const s = state.saved[input.id];
        if (!s) throw notFound(`income and expenditure statement ${input.id}`);
        return { value: clone(s) };
      }
      case 'income_expenditure_history':
        return { value: clone(state.history[input.partyId] ?? []) };
      case 'latest_income_expenditure': {
        const first = (state.history[input.partyId] ?? [])[0];
        return { value: first ? clone(state.saved[first.id]) : null };
      }
      case 'income_expenditure_settings':
        return { value: { reviewMonths: state.reviewMonths } };
      case 'save_income_expenditure_settings': {
        const n = input.reviewMonths;
        if (!(n >= 1 && n <= 60)) throw { code: 'validation', field: 'reviewMonths', message: 'must be between 1 and 60 months' };
        state.reviewMonths = n;
        return { value: { reviewMonths: n } };
      }
      case 'load_spending_guidelines':
        return { value: { loaded: input.content.trim().split('\n').length - 1, replaced: 0 } };
      case 'spending_guidelines':
        return { value: clone(fx.guidelines) };
      case 'read_sfs':
        if (badFile(input.content)) throw clone(fx.sfsInvalidError);
        return { value: clone(fx.sfsReadExample) };
      case 'import_sfs_statement': {
        if (badFile(input.content)) throw clone(fx.sfsInvalidError);
        const read = fx.sfsReadExample;
        const saved = save(input.partyId, input.takenOn ?? today, window.__ieInput(read.statement), 'sfs_json', input.fileName, null);
        return { value: { schema: read.schema, warnings: clone(read.warnings), saved } };
      }
      case 'export_sfs_statement': {
        const s = state.saved[input.id];
        if (!s) throw notFound(`income and expenditure statement ${input.id}`);
        return { value: JSON.stringify({ household: { 'client-name': s.view.statement.household.client_name } }, null, 2) };
      }
      case 'income_expenditure_summary_pdf':
        if (!state.saved[input.id]) throw notFound(`income and expenditure statement ${input.id}`);
        return { value: new TextEncoder().encode(PDF).buffer };
      case 'calculate_pro_rata':
        return { value: proRata(pence(input.available).p, input.debts.map((d) => pence(d).p)).map(text) };
      case 'council_affordable_offer': {
        const first = (state.history[input.partyId] ?? [])[0];
        return { value: first ? clone(state.saved[first.id].view.council_offer) : null };
      }
      default:
        return undefined;
    }
  };

  /** A view's Statement (snake_case) as a StatementInput (camelCase), as new_income_expenditure answers. */
  window.__ieInput = (s) => {
    const h = s.household ?? {};
    const debt = (d) => ({ creditor: d.creditor, amountOwed: d.amount_owed, offer: d.offer, ccj: d.ccj, council: d.council, notes: d.notes });
    return {
      household: {
        clientName: h.client_name ?? '', clientDateOfBirth: h.client_date_of_birth ?? '', jointApplication: Boolean(h.joint_application),
        partnerName: h.partner_name ?? '', partnerDateOfBirth: h.partner_date_of_birth ?? '', clientAddress: h.client_address ?? '',
        dependentChildrenUnder16: h.dependent_children_under_16 ?? 0, dependentChildren16To18: h.dependent_children_16_18 ?? 0,
        otherDependants: h.other_dependants ?? 0, nonDependants: h.non_dependants ?? 0, vehicles: h.vehicles ?? 0,
        housingTenure: h.housing_tenure ?? '', housingTenureOther: h.housing_tenure_other ?? '',
        clientEmploymentStatus: h.client_employment_status ?? [], clientEmploymentStatusOther: h.client_employment_status_other ?? '',
        partnerEmploymentStatus: h.partner_employment_status ?? [], partnerEmploymentStatusOther: h.partner_employment_status_other ?? '',
        assetUseConsidered: Boolean(h.asset_use_considered),
      },
      lines: (s.lines ?? []).map((l) => ({ item: l.item, amount: l.amount, frequency: l.frequency, notes: l.notes ?? '' })),
      savingsContribution: s.savings_contribution ?? '0.00', savingsContributionConsidered: Boolean(s.savings_contribution_considered),
      debtAdminFee: s.debt_admin_fee ?? '0.00', debtAdminFeeNotes: s.debt_admin_fee_notes ?? '',
      priorityDebts: (s.priority_debts ?? []).map(debt), nonPriorityDebts: (s.non_priority_debts ?? []).map(debt),
      tokenPayments: s.token_payments ?? '', notes: s.notes ?? [],
    };
  };
}
