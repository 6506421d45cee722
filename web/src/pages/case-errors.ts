// The server's messages about conclusions, sanctions and personal data, in Russian: the API speaks English, the case
// card shows what went wrong in words an expert reads. A message no rule knows keeps its Russian status head and
// the server's text in parentheses.
import { ApiError } from '../api/client.js';

const RULES: Array<[RegExp, (...m: string[]) => string]> = [
  [
    /^\d+ invalid conclusion\(s\): (.*)$/,
    (rest) =>
      rest
        .split(/; (?=#\d+ )/)
        .map((p) => translate(p.replace(/^#\d+ /, '')))
        .join('; '),
  ],
  [/^F014 code (\S+) is unknown$/, (c) => `код F014 ${c} не найден в справочнике F014`],
  [/^f014: (.*) is not an F014 code.*$/, (c) => `«${c}» — не код F014 (коды F014 — числа)`],
  [/^a defect needs its F014 code\(s\)$/, () => 'для дефекта нужен хотя бы один код F014'],
  [/^F014 code\(s\) (\S+) given for a conclusion without defect$/, (c) => `коды F014 ${c} указаны в заключении без дефекта`],
  [
    /^the fine \(K_SH ([\d.]+)\) needs the per-capita norm of (\d{4}).*$/,
    (k, y) => `для штрафа (K_SH ${k}) нужен подушевой норматив финансирования ${y} года, он не задан: обратитесь к администратору`,
  ],
  [/^case (\d+) not found$/, (id) => `случай ${id} не найден или недоступен`],
  [/^conclusion (\d+) not found$/, (id) => `заключение ${id} не найдено или недоступно`],
  [/^S_TIP (\d+) is not an F006 code$/, (s) => `тип экспертизы ${s} не найден в справочнике F006`],
  [/^S_TIP (\d+) is not an expertise.*$/, (s) => `тип экспертизы ${s} — не МЭЭ (50–59) и не ЭКМП (70–86)`],
  [/^S_TIP must be an F006 code$/, () => 'укажите тип экспертизы (код F006)'],
  [/^date_act "(.*)" is not a date.*$/, (d) => `дата акта «${d}» — не дата`],
  [/^the same conclusion \(case, S_TIP, act\) as item (\d+)$/, () => 'такое заключение (случай, тип экспертизы, акт) уже есть'],
  [/^a reason is required to read personal data.*$/, () => 'укажите причину просмотра персональных данных'],
  [/^personal data is not available to your role$/, () => 'вашей роли персональные данные недоступны'],
  [/^case (\d+) has no personal data.*$/, () => 'у случая нет персональных данных (нет записи в файле L)'],
  [/^(querystring|body|params)\b.*$/, () => 'поля заполнены неверно'],
  [/^not allowed for your role$/, () => 'карточки случаев вашей роли недоступны'],
];

function translate(msg: string): string {
  for (const [re, f] of RULES) {
    const m = re.exec(msg.trim());
    if (m) return f(...m.slice(1));
  }
  return `подробности: ${msg}`;
}

/** A failed request's message in Russian. */
export function ruError(e: unknown): string {
  if (!(e instanceof ApiError)) return e instanceof Error ? e.message : String(e);
  const i = e.message.indexOf(': ');
  if (i < 0) return e.message;
  const head = e.message.slice(0, i);
  return `${head}: ${translate(e.message.slice(i + 2))}`;
}
