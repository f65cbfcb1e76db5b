// ESLint checks one architectural rule dependency-cruiser cannot see: outside src/cli/, code
// does not touch the process's I/O, environment, arguments or exit, nor the console. The core
// takes what it needs as arguments (an env object, a log callback) and returns results.
// (src/native/ may read process.pid, execPath, platform and arch: facts, not I/O.)
import tseslint from 'typescript-eslint';

const processIo = ['env', 'exit', 'exitCode', 'stdout', 'stderr', 'stdin', 'argv', 'cwd', 'chdir', 'on', 'once', 'off'];

export default tseslint.config({
  files: ['src/**/*.ts'],
  ignores: ['src/cli/**'],
  languageOptions: { parser: tseslint.parser },
  linterOptions: { reportUnusedDisableDirectives: 'error' },
  rules: {
    'no-console': 'error',
    'no-restricted-properties': [
      'error',
      ...processIo.map((property) => ({
        object: 'process',
        property,
        message: 'only src/cli/ touches the process; take it as an argument',
      })),
    ],
  },
});
