import type { Call, Method } from "../call.js";
import type { Effect } from "../retry-policy.js";
import { assertBoolean, assertModule, assertOptions, assertRecordId } from "../validate.js";
import { type ChunkShape, runBatches } from "./batch.js";
import type { RecordsConfig, RecordsContext } from "./context.js";
import {
  assertBatch,
  assertRecordInputs,
  assertTrigger,
  type CreateOptions,
  type DeleteOptions,
  fieldsParam,
  MAX_WRITE_BATCH,
  type UpsertOptions,
  type WriteOptions,
} from "./options.js";
import type { BatchResult } from "./types.js";

export interface RecordsWriter {
  create(module: string, inputs: readonly object[], options?: CreateOptions): Promise<BatchResult>;
  update(module: string, inputs: readonly { id: string }[], options?: WriteOptions): Promise<BatchResult>;
  upsert(module: string, inputs: readonly object[], options?: UpsertOptions): Promise<BatchResult>;
  delete(module: string, ids: readonly string[], options?: DeleteOptions): Promise<BatchResult>;
}

/** How one kind of write is sent: its method, path, effect and payload, and what its inputs say of themselves. */
interface WriteKind<T> {
  method: Method;
  suffix: string;
  effect: Effect;
  shape(chunk: readonly T[]): ChunkShape;
  payload(chunk: readonly T[]): Pick<Call, "body" | "query">;
}

const idsOf = (chunk: readonly { id: string }[]) => ({ ids: chunk.map((input) => input.id), needsId: false });
/** Per-item results of a write arrive on 400 (all failed) and 207 (a mix) as well. */
const acceptWriteAnswers = (status: number) => status === 400 || status === 207;

export function createRecordsWriter(core: RecordsContext, config: RecordsConfig): RecordsWriter {
  const { prefix } = config;

  async function write<T>(
    kind: WriteKind<T>,
    module: string,
    items: readonly T[],
    options: CallOptionsOf,
  ): Promise<BatchResult> {
    const path = `${prefix}/{module_api_name}${kind.suffix}`;
    const at = `${prefix}/${module}${kind.suffix}`;
    return runBatches(items, {
      chunkSize: MAX_WRITE_BATCH,
      concurrency: core.options.maxConcurrency,
      shape: kind.shape,
      send: async (chunk) => {
        const reply = await core.request({
          method: kind.method,
          path,
          params: { module_api_name: module },
          ...kind.payload(chunk),
          effect: kind.effect,
          repeatUnsafe: options.repeatUnsafe,
          signal: options.signal,
          accept: acceptWriteAnswers,
        });
        // One chunk at a time while others are still in flight; error answers were redacted by the transport.
        return reply.status < 300 ? { ...reply, body: core.redact(reply.body) } : reply;
      },
      describeWholeFailure: (status, body) => core.toError(status, body, kind.method, at),
    });
  }

  function checkWrite(module: string, items: unknown, options: unknown, what: string): void {
    assertModule(module);
    assertBatch(items, what);
    assertOptions(options, `${what} options`);
  }

  const body =
    (options: WriteOptions & { duplicateCheckFields?: string[] }) => (chunk: readonly object[]) => ({
      body: {
        json: {
          data: [...chunk],
          trigger: options.trigger,
          duplicate_check_fields: options.duplicateCheckFields,
        },
      },
    });

  return {
    async create(module, inputs, options = {}) {
      checkWrite(module, inputs, options, "records.create");
      assertRecordInputs(inputs, "records.create");
      assertTrigger(options.trigger);
      assertBoolean(options.retryUnsafe, "retryUnsafe");
      await config.checkInputs?.(module, inputs, options.signal);
      const kind: WriteKind<object> = {
        method: "POST",
        suffix: "",
        effect: "create",
        shape: () => ({ needsId: true }),
        payload: body(options),
      };
      return write(kind, module, inputs, {
        signal: options.signal,
        repeatUnsafe: options.retryUnsafe === true,
      });
    },

    async update(module, inputs, options = {}) {
      checkWrite(module, inputs, options, "records.update");
      assertRecordInputs(inputs, "records.update");
      for (const [index, input] of inputs.entries())
        assertRecordId(input.id, `records.update: item ${index}'s id`);
      assertTrigger(options.trigger);
      await config.checkInputs?.(module, inputs, options.signal);
      const kind: WriteKind<{ id: string }> = {
        method: "PUT",
        suffix: "",
        effect: "write",
        shape: idsOf,
        payload: body(options),
      };
      return write(kind, module, inputs, { signal: options.signal });
    },

    async upsert(module, inputs, options = {}) {
      checkWrite(module, inputs, options, "records.upsert");
      assertRecordInputs(inputs, "records.upsert");
      assertTrigger(options.trigger);
      if (options.duplicateCheckFields !== undefined) fieldsParam(options.duplicateCheckFields, true);
      await config.checkInputs?.(module, inputs, options.signal);
      const kind: WriteKind<object> = {
        method: "POST",
        suffix: "/upsert",
        // Matched by its duplicate-check fields, a repeated upsert updates what the first one wrote.
        effect: "write",
        shape: () => ({ needsId: true }),
        payload: body(options),
      };
      return write(kind, module, inputs, { signal: options.signal });
    },

    async delete(module, ids, options = {}) {
      checkWrite(module, ids, options, "records.delete");
      for (const [index, id] of ids.entries()) assertRecordId(id, `records.delete: id ${index}`);
      assertBoolean(options.wfTrigger, "wfTrigger");
      const kind: WriteKind<string> = {
        method: "DELETE",
        suffix: "",
        effect: "write",
        shape: (chunk) => ({ ids: chunk, needsId: false }),
        payload: (chunk) => ({ query: { ids: chunk.join(","), wf_trigger: options.wfTrigger } }),
      };
      return write(kind, module, ids, { signal: options.signal });
    },
  };
}

interface CallOptionsOf {
  signal?: AbortSignal | undefined;
  repeatUnsafe?: boolean;
}
