/**
 * Where WeMoms users live: mostly France, with French-speaking neighbours; French users carry a
 * departement code weighted roughly by births. Non-French users have no departement.
 */

/** Country codes and their shares among members. */
export const COUNTRIES: readonly (readonly [string, number])[] = [
  ['FR', 0.885],
  ['BE', 0.04],
  ['CH', 0.02],
  ['CA', 0.015],
  ['MA', 0.012],
  ['LU', 0.006],
  ['DZ', 0.006],
  ['TN', 0.005],
  ['SN', 0.004],
  ['CI', 0.004],
  ['US', 0.003],
];

const BIG: Record<string, number> = {
  '75': 3.2,
  '93': 3.0,
  '13': 2.9,
  '59': 3.6,
  '69': 2.8,
  '92': 2.4,
  '94': 2.1,
  '95': 1.9,
  '78': 1.8,
  '77': 2.0,
  '91': 1.8,
  '33': 2.1,
  '31': 1.9,
  '44': 1.9,
  '62': 2.0,
  '67': 1.6,
  '06': 1.3,
  '34': 1.4,
  '38': 1.6,
  '76': 1.6,
  '974': 1.4,
};

/** French departement codes (metropolitan 01-95 with Corsica as 2A/2B, and overseas 971-976). */
export const DEPARTMENTS: readonly string[] = (() => {
  const out: string[] = [];
  for (let i = 1; i <= 95; i++) {
    if (i === 20) out.push('2A', '2B');
    else out.push(i < 10 ? `0${i}` : `${i}`);
  }
  out.push('971', '972', '973', '974', '976');
  return out;
})();

/** Relative weight of each entry of DEPARTMENTS. */
export const DEPARTMENT_WEIGHTS: readonly number[] = DEPARTMENTS.map((d) => BIG[d] ?? 0.7);
