// A TensorFlow GraphDef built node by node, and written as a SavedModel (one meta graph, tag
// "serve", no variables on disk): what libtensorflow loads as a session. protobufjs encodes it
// against the subset of TensorFlow's schema that ae vendors (schema/tensorflow_graph.proto).
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

export const DT = { float: 1, int32: 3, bool: 10, resource: 20 } as const;
export type DType = keyof typeof DT;

/** An attribute value, as AttrValue's oneof (protobufjs's JSON-like form). */
export type Attr =
  | { type: number }
  | { i: number }
  | { f: number }
  | { b: boolean }
  | { s: Uint8Array }
  | { shape: Shape }
  | { tensor: object }
  | { list: { i?: number[]; type?: number[] } };

interface Shape {
  dim?: { size: number }[];
  unknownRank?: boolean;
}

export const attr = {
  type: (t: DType): Attr => ({ type: DT[t] }),
  int: (i: number): Attr => ({ i }),
  float: (f: number): Attr => ({ f }),
  bool: (b: boolean): Attr => ({ b }),
  str: (s: string): Attr => ({ s: new TextEncoder().encode(s) }),
  /** A shape; -1 for an unknown dimension, null for an unknown rank. */
  shape: (dims: number[] | null): Attr => ({ shape: shapeOf(dims) }),
};

function shapeOf(dims: number[] | null): Shape {
  return dims === null ? { unknownRank: true } : { dim: dims.map((size) => ({ size })) };
}

interface NodeDef {
  name: string;
  op: string;
  input: string[];
  attr: Record<string, Attr>;
}

export class GraphBuilder {
  private readonly nodes: NodeDef[] = [];
  private readonly used = new Map<string, number>();

  /** Adds a node; returns its name (its first output). Inputs "^name" are control dependencies. */
  node(op: string, inputs: string[], attrs: Record<string, Attr> = {}, name = op): string {
    const n = this.used.get(name) ?? 0;
    this.used.set(name, n + 1);
    const unique = n === 0 ? name : `${name}_${n}`;
    this.nodes.push({ name: unique, op, input: inputs, attr: attrs });
    return unique;
  }

  /** A float32 or int32 constant. */
  constant(values: number | number[], dtype: DType = 'float', name = 'Const'): string {
    const list = typeof values === 'number' ? [values] : values;
    const shape = typeof values === 'number' ? [] : [list.length];
    const tensor = {
      dtype: DT[dtype],
      tensorShape: shapeOf(shape),
      ...(dtype === 'float' ? { floatVal: list } : { intVal: list }),
    };
    return this.node('Const', [], { dtype: attr.type(dtype), value: { tensor } }, name);
  }

  placeholder(name: string, dtype: DType, dims: number[] | null): string {
    return this.node('Placeholder', [], { dtype: attr.type(dtype), shape: attr.shape(dims) }, name);
  }

  /** SavedModel bytes (saved_model.pb) holding this graph. */
  savedModel(): Uint8Array {
    const type = savedModelType();
    const message = type.fromObject({
      savedModelSchemaVersion: 1,
      metaGraphs: [
        {
          metaInfoDef: { tags: ['serve'] },
          graphDef: { node: this.nodes, versions: { producer: GRAPH_PRODUCER, minConsumer: 0 } },
        },
      ],
    });
    return type.encode(message).finish();
  }

  get size(): number {
    return this.nodes.length;
  }
}

/** GraphDef version the graphs are written as: TensorFlow 2.12's, read by 2.12 and every later. */
const GRAPH_PRODUCER = 1205;

let schema: protobuf.Type | null = null;
function savedModelType(): protobuf.Type {
  schema ??= protobuf
    .loadSync(fileURLToPath(new URL('../../../schema/tensorflow_graph.proto', import.meta.url)))
    .lookupType('tensorflow.SavedModel');
  return schema;
}
