/**
 * The order of files through reading and the database, with one file read ahead. A file is read and checked (by a
 * worker thread) once the file before it has been read, while that one still writes its last batches, checks what
 * it supersedes and commits: without that the worker waited at every file boundary. Reading stays one file at a
 * time (one worker, its memory and warm code), and so does the database work, in the order the files entered: a
 * file's transaction starts once every earlier file has committed or failed, so it sees all their cases (the
 * content hash, cross-register MEK, a correction and what it supersedes) as if the files had been read one after
 * another.
 */
export interface FileTicket {
  /** Resolves when every earlier file has been read: this file may start reading. */
  reading(): Promise<void>;
  /** Resolves when every earlier file is done: this file's database work may start. */
  turn(): Promise<void>;
  /** This file has been read (its last event taken): the next file may start reading. Idempotent. */
  read(): void;
  /** The file is finished (stored, rejected or failed): implies read(); frees its place and the next turn. Idempotent. */
  done(): void;
}

/** Where files take their tickets: FileTurns itself, or a place in its order reserved for a package (`reserve`). */
export interface TicketSource {
  enter(): Promise<FileTicket>;
}

/**
 * A package's place in the order of files, taken before anything of it is awaited: its files' tickets come after
 * those of every package reserved before it and before those of every package reserved after it, however long it
 * takes to create its row, open and hash its source. `close()` when the package will take no more tickets.
 */
export interface FileOrder extends TicketSource {
  close(): void;
}

export class FileTurns implements TicketSource {
  private free: number;
  /** Resolves when every order reserved so far is closed (has taken all its tickets). */
  private ordersClosed: Promise<void> = Promise.resolve();
  private readonly waiting: Array<() => void> = [];
  /** Resolve when every ticket handed out so far has been read, and is done. */
  private allRead: Promise<void> = Promise.resolve();
  private allDone: Promise<void> = Promise.resolve();

  /** `inFlight`: files between their start of reading and their commit (1: one after another, no read-ahead). */
  constructor(readonly inFlight: number) {
    if (!(inFlight >= 1)) throw new Error(`files in flight must be at least 1, not ${inFlight}`);
    this.free = Math.floor(inFlight);
  }

  /**
   * Reserves the next place in the order of files (call it synchronously, in input order). The reservation's
   * `enter()` waits until every earlier reservation is closed, then enters as `enter()` does; its own files enter
   * in the order they call it.
   */
  reserve(): FileOrder {
    const before = this.ordersClosed;
    const [closed, close] = signal();
    this.ordersClosed = before.then(() => closed);
    // each file's entry after the one before it; closing waits for the last entry (the later packages' come after)
    let last: Promise<unknown> = before;
    return {
      enter: () => {
        const ticket = last.then(() => this.enter());
        last = ticket.catch(() => undefined);
        return ticket;
      },
      close: () => void last.then(close),
    };
  }

  /** Waits for a place (first come, first served) and returns the file's ticket, ordered after every earlier one. */
  async enter(): Promise<FileTicket> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    const [readBefore, doneBefore] = [this.allRead, this.allDone];
    const [read, finishRead] = signal();
    const [done, finish] = signal();
    this.allRead = readBefore.then(() => read);
    this.allDone = doneBefore.then(() => done);
    let open = true;
    return {
      reading: () => readBefore,
      turn: () => doneBefore,
      read: finishRead,
      done: () => {
        finishRead();
        if (!open) return;
        open = false;
        finish();
        const next = this.waiting.shift();
        if (next)
          next(); // the place passes straight to the next file
        else this.free++;
      },
    };
  }
}

/**
 * Runs `work(0 … count-1)` on `lanes` concurrent lanes, each taking the next index when it is free (with FileTurns,
 * the order of entry is the order of the indexes). Every lane ends before the first failure is thrown: none is left
 * writing behind the caller's back.
 */
export async function inLanes(lanes: number, count: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < count; i = next++) await work(i);
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(lanes, count) }, lane));
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
}

/** A promise and the function that resolves it. */
function signal(): [Promise<void>, () => void] {
  let resolve!: () => void;
  const p = new Promise<void>((r) => (resolve = r));
  return [p, () => resolve()];
}
