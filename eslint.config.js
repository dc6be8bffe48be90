import neostandard from 'neostandard'

export default [
  ...neostandard({ ts: true, ignores: ['dist/**', 'coverage/**', '.tap/**', 'data/**'] }),
  { rules: { '@stylistic/comma-dangle': ['error', 'never'] } },
  // A TypeBox schema and its Static type share one name (STYLE §5).
  { files: ['src/schemas/**'], rules: { 'no-redeclare': 'off', '@typescript-eslint/no-redeclare': 'off' } }
]
