// Parses CSV the way a spreadsheet user's tools would: Python's csv module
// (spawned python3), so a quoting mistake in our writer cannot hide behind
// a JavaScript parser written to match it.
import { spawn } from 'node:child_process';

const SCRIPT = `
import csv, io, json, sys
data = sys.stdin.buffer.read()
bom = data.startswith(b'\\xef\\xbb\\xbf')
text = data.decode('utf-8-sig')
rows = list(csv.reader(io.StringIO(text, newline='')))
json.dump({'bom': bom, 'rows': rows}, sys.stdout, ensure_ascii=False)
`;

// Resolves { bom, header, rows: [{column: value}] } from the raw bytes.
export function parseCsvWithPython(bytes) {
  return new Promise((resolve, reject) => {
    const py = spawn('python3', ['-c', SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '', err = '';
    py.stdout.on('data', (d) => { out += d; });
    py.stderr.on('data', (d) => { err += d; });
    py.on('error', reject);
    py.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`python3 csv failed (${code}): ${err}`));
      const { bom, rows } = JSON.parse(out);
      const [header, ...body] = rows;
      resolve({ bom, header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))), raw: rows });
    });
    py.stdin.end(Buffer.from(bytes));
  });
}
