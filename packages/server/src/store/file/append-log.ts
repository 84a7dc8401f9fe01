import { open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { fsyncDirectory } from './atomic-file.js';

/**
 * An append-only file of JSON lines, each `{"seq":n,"record":...}`, fsynced before `append` resolves.
 * A crash can only tear the last line (each record is one write); `openAppendLog` drops such a tail.
 */
export interface AppendLog<R> {
  /** Records in the file now. */
  readonly length: number;
  /** The sequence number of the newest record ever appended (it keeps counting across `reset`). */
  readonly lastSeq: number;
  /** Durably appends a record; resolves with its sequence number. */
  append(record: R): Promise<number>;
  /** Empties the file once its records are safe elsewhere (a snapshot that knows `lastSeq`). */
  reset(): Promise<void>;
  /** Set when a failed write could not be undone; the log then refuses further appends. */
  readonly broken: Error | undefined;
  close(): Promise<void>;
}

export interface LoggedRecord<R> {
  seq: number;
  record: R;
}

export interface OpenedAppendLog<R> {
  log: AppendLog<R>;
  /** Every intact record, oldest first. */
  records: LoggedRecord<R>[];
  /** Bytes of a torn last line that were cut off (0 when the file ended cleanly). */
  tornBytes: number;
}

const NEWLINE = 0x0a;

/**
 * Opens (creating if needed) the log at `path`. `afterSeq` is where numbering continues when the file
 * holds no newer record, e.g. the sequence number a snapshot was taken at.
 */
export async function openAppendLog<R>(
  path: string,
  recordSchema: z.ZodType<R>,
  afterSeq = 0,
): Promise<OpenedAppendLog<R>> {
  const lineSchema = z.strictObject({ seq: z.number().int().min(1), record: recordSchema });
  const bytes = await readFile(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return Buffer.alloc(0);
    throw err;
  });

  const records: LoggedRecord<R>[] = [];
  let intactBytes = 0;
  let damagedLine: number | undefined;
  let offset = 0;
  for (let line = 1; offset < bytes.length; line++) {
    const end = bytes.indexOf(NEWLINE, offset);
    const text = bytes.toString('utf8', offset, end === -1 ? bytes.length : end);
    const parsed = end === -1 ? undefined : parseLine(lineSchema, text);
    if (parsed === undefined) {
      damagedLine ??= line;
    } else if (damagedLine !== undefined) {
      throw new Error(
        `${path}: line ${damagedLine} is damaged but later records are intact; the journal is corrupt. ` +
          'Restore the data directory from a backup, or remove that line by hand if you accept losing it.',
      );
    } else {
      const previous = records.at(-1);
      if (previous !== undefined && parsed.seq !== previous.seq + 1) {
        throw new Error(
          `${path}: line ${line} has sequence ${parsed.seq} after ${previous.seq}; records are missing`,
        );
      }
      records.push(parsed);
      intactBytes = end + 1;
    }
    offset = end === -1 ? bytes.length : end + 1;
  }

  const handle = await open(path, 'a', 0o600);
  try {
    const tornBytes = bytes.length - intactBytes;
    if (tornBytes > 0) {
      // Cut the torn tail now, so the next append starts on a clean line.
      await handle.truncate(intactBytes);
      await handle.sync();
    }
    await fsyncDirectory(dirname(path));
    const lastSeq = Math.max(afterSeq, records.at(-1)?.seq ?? 0);
    return { log: createAppendLog(handle, intactBytes, records.length, lastSeq), records, tornBytes };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

function parseLine<R>(schema: z.ZodType<LoggedRecord<R>>, text: string): LoggedRecord<R> | undefined {
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

type FileHandle = Awaited<ReturnType<typeof open>>;

function createAppendLog<R>(handle: FileHandle, size: number, length: number, lastSeq: number): AppendLog<R> {
  let broken: Error | undefined;
  let closed = false;

  const usable = () => {
    if (closed) throw new Error('the journal is closed');
    if (broken) throw broken;
  };

  return {
    get length() {
      return length;
    },
    get lastSeq() {
      return lastSeq;
    },
    get broken() {
      return broken;
    },
    async append(record) {
      usable();
      const seq = lastSeq + 1;
      const line = `${JSON.stringify({ seq, record })}\n`;
      try {
        await handle.appendFile(line);
        // fdatasync also persists the new file length, which is all the metadata an append needs.
        await handle.datasync();
      } catch (err) {
        try {
          await handle.truncate(size);
          await handle.sync();
        } catch (undoErr) {
          broken = new Error(`the journal could not undo a failed write: ${(undoErr as Error).message}`);
        }
        throw err;
      }
      size += Buffer.byteLength(line);
      length++;
      lastSeq = seq;
      return seq;
    },
    async reset() {
      usable();
      await handle.truncate(0);
      await handle.sync();
      size = 0;
      length = 0;
    },
    async close() {
      if (closed) return;
      closed = true;
      await handle.close();
    },
  };
}
