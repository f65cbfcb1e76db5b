// `ae export MODEL_DIR --onnx FILE`: the bundle as one ONNX graph (scaler and score inside),
// for scoring with onnxruntime anywhere. Reads the bundle's files; loads no TensorFlow.
import type { Command } from '@commander-js/extra-typings';
import { exportOnnx, ONNX_IR_VERSION, ONNX_OPSET } from '../../export/onnx.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { OUTPUT_FORMAT_VERSION } from '../../version.js';
import type { Context } from '../context.js';
import { printJson } from '../output.js';

const EXAMPLES = `
Examples:
  $ ae export runs/series --onnx series.onnx
  $ python -c "import onnxruntime as ort; s = ort.InferenceSession('series.onnx'); print([o.name for o in s.get_outputs()])"

The graph takes raw rows (float32, N × width, columns in the bundle's order) and returns
'score' (N, the bundle's score: MSE or MAE, as ae scan) and 'reconstruction' (N × width, input units). Opset ${ONNX_OPSET},
IR version ${ONNX_IR_VERSION}. Columns, window, thresholds and ae's version are in metadata_props.`;

export function registerExport(program: Command, ctx: Context): void {
  program
    .command('export')
    .description('export a trained bundle as an ONNX model, for scoring with onnxruntime anywhere')
    .argument('<model>', 'a bundle folder written by ae train (or ae scan --out)')
    .requiredOption('--onnx <file>', 'the .onnx file to write')
    .option('-f, --force', 'replace an existing file')
    .option('--json', 'print what was written as JSON on stdout')
    .addHelpText('after', EXAMPLES)
    .action(async (model, flags) => {
      const out = await exportOnnx(model);
      await writeFileAtomic(flags.onnx, out.bytes, flags.force === true);
      for (const w of out.warnings) ctx.log.warn(`ae: ${w}`);
      const summary = {
        version: OUTPUT_FORMAT_VERSION,
        model,
        onnx: flags.onnx,
        bytes: out.bytes.byteLength,
        opset: ONNX_OPSET,
        irVersion: ONNX_IR_VERSION,
        inputs: [{ name: 'input', shape: ['N', out.width] }],
        outputs: [
          { name: 'score', shape: ['N'] },
          { name: 'reconstruction', shape: ['N', out.width] },
        ],
        metadata: out.metadata,
        warnings: out.warnings,
      };
      if (flags.json) return printJson(ctx.io, summary);
      ctx.log.info(
        `ae: wrote ${flags.onnx} (${out.layers.join('-')}, ${out.bytes.byteLength} bytes, opset ${ONNX_OPSET})`,
      );
    });
}
