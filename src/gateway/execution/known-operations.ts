/**
 * Operations that have already run compiled through Apollo: their parsed and validated document, the resolved
 * operation and its compiled query, by query text (and by its sha256, the persisted-query id) and operation
 * name. The fast path (fast-path.ts) answers a request for one of them without Apollo's request pipeline:
 * nothing gets in here that Apollo has not parsed, validated and executed.
 */
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

export interface KnownOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  compiled: CompiledQuery;
  /** the query text, and its sha256 (hex): Apollo's queryHash */
  source: string;
  queryHash: string;
}

type ByOperationName = Map<string | undefined, KnownOperation>;

/** Query text kept at most, in UTF-16 code units: a flood of unique documents evicts the oldest. */
export const KNOWN_OPERATIONS_MAX_TEXT = 8 * 1024 * 1024;

export class KnownOperations {
  private readonly byText: LRUCache<string, ByOperationName>;
  private readonly textByHash = new Map<string, string>();

  constructor(maxText = KNOWN_OPERATIONS_MAX_TEXT) {
    this.byText = new LRUCache<string, ByOperationName>({
      maxSize: maxText,
      sizeCalculation: (_value, text) => Math.max(1, text.length),
      dispose: (byName) => {
        for (const known of byName.values()) this.textByHash.delete(known.queryHash);
      },
    });
  }

  remember(known: KnownOperation, operationName: string | undefined): void {
    let byName = this.byText.get(known.source);
    if (!byName) {
      byName = new Map();
      this.byText.set(known.source, byName);
    }
    if (this.byText.has(known.source)) this.textByHash.set(known.queryHash, known.source);
    byName.set(operationName, known);
  }

  get(source: string, operationName: string | undefined): KnownOperation | undefined {
    return this.byText.get(source)?.get(operationName);
  }

  /** the text whose sha256 is `queryHash`, if it is known */
  sourceOf(queryHash: string): string | undefined {
    return this.textByHash.get(queryHash);
  }

  get size(): number {
    return this.byText.size;
  }
}
