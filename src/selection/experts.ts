import { AppError } from '../errors.js';
import { CONTROLS, type Control } from './config.js';

/** An expert of the region's register (TFOMS): who may take which cases, and how many a month. */
export interface Expert {
  code: string;
  name: string;
  /** V021 specialty codes. */
  specialties: string[];
  /** The MO that employs the expert: never given that MO's cases. */
  codeMo: string | null;
  controls: Control[];
  /** Cases a month. */
  capacity: number;
}

const split = (v: string | undefined) => (v ?? '').split(/[;,\s|]+/).filter(Boolean);

/**
 * Reads expert rows (`code,name,specialties,code_mo,controls,capacity`; lists separated by `;`) and checks them:
 * specialties against V021, controls MEE/EKMP, capacity a whole number ≥ 0, no code twice. Throws BAD_INPUT naming
 * the row (line number of the file, header = 1).
 */
export function parseExperts(rows: readonly Record<string, string | undefined>[], v021: ReadonlySet<string>): Expert[] {
  const seen = new Set<string>();
  return rows.map((r, i) => {
    const line = i + 2;
    const bad = (msg: string) => new AppError('BAD_INPUT', `experts row ${line}: ${msg}`, { row: line, code: r.code });
    const code = (r.code ?? '').trim();
    if (!code) throw bad('no code');
    if (seen.has(code)) throw bad(`expert ${code} appears twice`);
    seen.add(code);
    const specialties = split(r.specialties);
    if (specialties.length === 0) throw bad(`expert ${code} has no specialty`);
    const unknown = specialties.filter((s) => !v021.has(s));
    if (unknown.length) throw bad(`unknown V021 specialt${unknown.length > 1 ? 'ies' : 'y'} ${unknown.join(', ')}`);
    const controls = split(r.controls).map((c) => c.toUpperCase());
    const badControl = controls.find((c) => !CONTROLS.includes(c as Control));
    if (badControl !== undefined || controls.length === 0) throw bad(`controls must be MEE and/or EKMP, got "${r.controls ?? ''}"`);
    const capacity = Number((r.capacity ?? '').trim());
    if (!/^\d+$/.test((r.capacity ?? '').trim())) throw bad(`capacity must be a whole number, got "${r.capacity ?? ''}"`);
    return {
      code,
      name: (r.name ?? '').trim() || code,
      specialties,
      codeMo: (r.code_mo ?? '').trim() || null,
      controls: controls as Control[],
      capacity,
    };
  });
}

/** An item waiting for an expert. */
export interface AssignItem {
  id: string;
  control: Control;
  codeMo: string;
  /** The treating doctor's specialty (V021) and the case's profile (V002). */
  prvs: string | null;
  profil: number | null;
}

export interface Assignment {
  assigned: Map<string, string>;
  unassigned: { id: string; reason: string }[];
}

/**
 * Gives each item (in the order given: mandatory first, then by rank) to an expert of its control, never one employed
 * by the treating MO, within the expert's monthly capacity (`load` = cases the expert already has this month), the
 * least loaded first (load / capacity, then code). EKMP also needs a specialty that matches the case: its PRVS, or one
 * of the specialties `profileSpecialties` lists for its profile. Unassignable items get the reason.
 */
export function assignExperts(
  items: readonly AssignItem[],
  experts: readonly Expert[],
  load: Map<string, number>,
  profileSpecialties: Readonly<Record<string, string[]>> = {},
): Assignment {
  const assigned = new Map<string, string>();
  const unassigned: { id: string; reason: string }[] = [];
  for (const it of items) {
    const ofControl = experts.filter((e) => e.controls.includes(it.control) && e.capacity > 0);
    const wanted = new Set([...(it.prvs ? [it.prvs] : []), ...(profileSpecialties[String(it.profil)] ?? [])]);
    const bySpecialty = it.control === 'EKMP' ? ofControl.filter((e) => e.specialties.some((s) => wanted.has(s))) : ofControl;
    const notOwnMo = bySpecialty.filter((e) => e.codeMo !== it.codeMo);
    const free = notOwnMo.filter((e) => (load.get(e.code) ?? 0) < e.capacity);
    if (free.length === 0) {
      const reason =
        ofControl.length === 0
          ? `no ${it.control} expert`
          : bySpecialty.length === 0
            ? `no ${it.control} expert of specialty ${[...wanted].join('/') || '(none on the case)'}`
            : notOwnMo.length === 0
              ? `only experts employed by the treating MO ${it.codeMo}`
              : 'every matching expert is at capacity';
      unassigned.push({ id: it.id, reason });
      continue;
    }
    free.sort((a, b) => (load.get(a.code) ?? 0) / a.capacity - (load.get(b.code) ?? 0) / b.capacity || a.code.localeCompare(b.code));
    const e = free[0];
    load.set(e.code, (load.get(e.code) ?? 0) + 1);
    assigned.set(it.id, e.code);
  }
  return { assigned, unassigned };
}
