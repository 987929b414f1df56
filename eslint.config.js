// Lint and format, as Effect's own repositories do: typescript-eslint's recommended rules (syntax only, no
// type-aware rules, so a run stays fast) and @effect/eslint-plugin's dprint rule as the formatter.
// `npm run lint` checks, `npm run format` rewrites (eslint --fix).
import effect from "@effect/eslint-plugin"
import js from "@eslint/js"
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript"
import importX from "eslint-plugin-import-x"
import tseslint from "typescript-eslint"

export default tseslint.config(
  {
    // `.scratch*`: local experiments, never committed
    ignores: [
      "**/dist/**",
      "**/node_modules/**",
      "**/coverage/**",
      "**/*.md",
      ".harness/**",
      "**/.scratch*",
      "bench/**/.ab/**",
      // linted only by test/lint/cycles.test.ts, which proves the cycle rule flags its deliberate cycle
      "test/lint/fixtures/**"
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...effect.configs.dprint,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module"
    },
    rules: {
      // the TypeScript compiler (noUnusedLocals, strict) already checks what these would
      "no-undef": "off",
      "no-unused-vars": "off",
      "no-fallthrough": "off",
      "no-irregular-whitespace": "off",
      "prefer-rest-params": "off",
      "prefer-spread": "off",
      "object-shorthand": "error",
      "@typescript-eslint/array-type": ["warn", { default: "generic", readonly: "generic" }],
      "@typescript-eslint/consistent-type-imports": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-empty-interface": "off",
      "@typescript-eslint/no-empty-object-type": "off",
      "@typescript-eslint/no-namespace": "off",
      "@typescript-eslint/ban-ts-comment": "off",
      "@typescript-eslint/no-unsafe-function-type": "off",
      "@typescript-eslint/no-use-before-define": "off",
      // the platform-node barrel pulls in every Node module: import its subpaths
      "@effect/no-import-from-barrel-package": ["error", { packageNames: ["@effect/platform-node"] }],
      "@effect/dprint": [
        "error",
        {
          config: {
            indentWidth: 2,
            lineWidth: 120,
            semiColons: "asi",
            quoteStyle: "alwaysDouble",
            trailingCommas: "never",
            operatorPosition: "maintain",
            "arrowFunction.useParentheses": "force"
          }
        }
      ]
    }
  },
  {
    // the library and its bench import every module by subpath: the `effect` and `@effect/platform` barrels
    // load every module of the package, which was most of the client's cold start (issue 5)
    files: ["src/**/*.ts", "bench/**/*.ts"],
    rules: {
      "@effect/no-import-from-barrel-package": ["error", {
        // effect 4's `effect/http` and `effect/testing` are barrels too (src/v4 imports effect/http/HttpClient)
        packageNames: ["effect", "effect/http", "effect/testing", "@effect/platform", "@effect/platform-node"]
      }]
    }
  },
  {
    // the Effect 4 line (src/v4, its tests in test/v4, its examples in examples/v4, its script glue in scripts/v4)
    // gets effect 4 from the workspace in src/v4; the @effect/* packages installed at the root (@effect/platform,
    // @effect/vitest, ...) are Effect 3's and would bring effect 3 in beside it. Effect 4 has what they had:
    // `effect/http`, `effect/testing`.
    files: ["src/v4/**/*.ts", "test/v4/**/*.ts", "examples/v4/**/*.ts", "scripts/v4/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{
          group: ["@effect/*"],
          message: "the @effect/* packages installed here are Effect 3's: the Effect 4 line imports effect 4 only"
        }]
      }]
    }
  },
  {
    // the preludes of the docs' partial blocks import and declare the names those blocks may use, as values: the
    // file itself uses none of them
    files: ["scripts/snippets/prelude/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": "off",
      "@typescript-eslint/consistent-type-imports": "off"
    }
  },
  {
    // the bench's Effect 4 contenders (bench/v4, a workspace) get effect 4 and `@effect/platform-node` 4.x from
    // their workspace; the other @effect/* packages would resolve to the root's, Effect 3's
    files: ["bench/v4/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{
          group: ["@effect/*", "!@effect/platform-node", "!@effect/platform-node/*"],
          message:
            "bench/v4 has effect 4 and @effect/platform-node 4 of its own: other @effect/* packages are Effect 3's"
        }]
      }]
    }
  },
  {
    // src/core is written once for both Effect lines: it may import no Effect package (nor Node's modules, so
    // it runs wherever the client does)
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{
          group: ["effect", "effect/*", "@effect/*", "node:*"],
          message: "src/core is shared by the Effect 3 and Effect 4 lines: keep Effect (and Node) out of it"
        }]
      }]
    }
  },
  {
    // the fake's node:http server serves the testing entry of both Effect lines, and the command (cli.ts, the
    // package's bin bin.ts) serves it where no `effect` is installed: Node, but no Effect
    files: ["src/core/fake/nodeServer.ts", "src/core/fake/cli.ts", "src/core/fake/bin.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{
          group: ["effect", "effect/*", "@effect/*"],
          message: "the fake's server and its bin run without Effect (both lines' testing entries, the bin where " +
            "no effect is installed): keep Effect out of them"
        }]
      }]
    }
  },
  {
    // no import cycle in the library: public modules import internal/, internal/ imports core/ (and the data
    // modules Errors, Schemas, RetryPolicy, which import only core/); type-only imports count too, as a
    // `import { type X }` would still load the module. The TypeScript resolver maps `./X.js` to `X.ts`.
    files: ["src/**/*.ts", "test/lint/fixtures/**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/extensions": [".ts", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      "import-x/resolver-next": [createTypeScriptImportResolver({ alwaysTryTypes: true })]
    },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }]
    }
  },
  {
    // internal/ builds the service: it may not import the modules that expose it (their accessors need the
    // service's tag, which needs internal/: a cycle), only the data modules and core/
    files: ["src/v3/internal/**/*.ts", "src/v4/internal/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{
          group: ["../MammothAnalytics.js", "../Connections.js", "../Jobs.js", "../index.js"],
          allowTypeImports: true,
          message: "internal/ builds the service: import its types only from the modules that expose it"
        }]
      }]
    }
  }
)
