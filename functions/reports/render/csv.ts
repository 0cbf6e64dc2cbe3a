import type { CreatorRow } from '#functions/reports/domain/types.ts';
import { formatMinorUnits } from '#lib/money.ts';

/**
 * The CSV attachment: one row per creator with activity in the week, RFC 4180 (CRLF line ends, fields quoted
 * when they hold a comma, a quote or a line break). Money columns come per currency seen in the week
 * (`gmv_USD`, `commission_USD`), as decimal strings of the integer minor units, so a spreadsheet sums them
 * exactly.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A user-supplied text cell that a spreadsheet would run as a formula (`=HYPERLINK(...)`) is prefixed with an
 * apostrophe (OWASP's CSV injection advice); numbers are never user text and stay as they are.
 */
export const neutralizeFormula = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

const currenciesOf = (rows: readonly CreatorRow[]): string[] =>
  [...new Set(rows.flatMap((row) => [...Object.keys(row.gmv), ...Object.keys(row.commission)]))].sort();

/** The table the CSV holds, header first: what a parser must read back. */
export function creatorTable(rows: readonly CreatorRow[]): string[][] {
  const currencies = currenciesOf(rows);
  const header = [
    'creator_id',
    'handle',
    'display_name',
    'tier',
    'status',
    'onboarded_this_week',
    'orders',
    ...currencies.flatMap((currency) => [`gmv_${currency}`, `commission_${currency}`]),
  ];
  const money = (amount: number | undefined) => formatMinorUnits(amount ?? 0);
  return [
    header,
    ...rows.map((row) => [
      row.creatorId,
      neutralizeFormula(row.handle),
      neutralizeFormula(row.displayName),
      row.tier ?? '',
      row.status ?? '',
      row.onboarded ? 'yes' : 'no',
      String(row.orders),
      ...currencies.flatMap((currency) => [money(row.gmv[currency]), money(row.commission[currency])]),
    ]),
  ];
}

const quote = (field: string): string => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);

/** Writes a table as RFC 4180 CSV text. */
export function toCsv(table: readonly (readonly string[])[]): string {
  return table
    .map((row) => row.map(quote).join(','))
    .join('\r\n')
    .concat('\r\n');
}

/** The attachment's file name: `partnerflow-<partnerId>-<week>-creators.csv` (ids are URL-safe already). */
export const csvFileName = (partnerId: string, week: string): string =>
  `partnerflow-${partnerId}-${week}-creators.csv`;

/** Spreadsheet apps (Excel) read a CSV as UTF-8 only when it starts with a byte order mark. */
const UTF8_BOM = '\uFEFF';

/** The CSV attachment's text for the week's creator rows (a header only in a week with none). */
export const renderCreatorCsv = (rows: readonly CreatorRow[]): string =>
  `${UTF8_BOM}${toCsv(creatorTable(rows))}`;
