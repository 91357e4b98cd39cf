// Rails: what the tool generates for a Rails app, after Rails' own Dockerfile template, and why.
import { NAMELESS_HOME, URL_CONNECTION, type StackProfile } from "./profile.js";

// Docker Official Image "ruby": <version>-slim, as in Rails' own Dockerfile template. Checked 2026-11-22.
export const RUBY_IMAGE = "docker.io/library/ruby:$RUBY_VERSION-slim";
// The full ruby image (not -slim) has the compilers and libpq/libmysqlclient headers native gems need.
// Docker Official Image "ruby", checked 2026-11-22.
const RUBY_TEST_IMAGE = (version: string) => `ruby:${version}`;

export const RAILS: StackProfile = {
  label: "Rails",
  defaults: {
    // Ruby lines with official slim images as of 2026-11 (docs/rules.md section 0: 3.3, 3.4, 4.0).
    runtimeVersion: "3.4",
    supportedVersions: /^(3\.3|3\.4|4\.0)(\.\d+)?$/,
    supportedVersionsHint: 'Ruby "3.3", "3.4" or "4.0" (optionally with a patch, e.g. "3.4.7")',
    endOfLife: {},
    // Rails' own health route (config/routes.rb `get "up"`), served by Puma on 3000 (no Thruster on :80).
    port: 3000,
    healthCheckPath: "/up",
    // Active Record's migrations (guides.rubyonrails.org/active_record_migrations.html).
    migrateCommand: ["bin/rails", "db:migrate"],
    framework: null,
    packageManager: null,
    pythonOptions: null,
    railsOptions: { assetPrecompile: true, bootsnap: true },
  },
  service: { kind: "root" },
  portVariable: "PORT",
  connection: {
    ...URL_CONNECTION,
    // Rails' mysql2 adapter registers its own URL scheme.
    postgresScheme: "postgres",
    mysqlScheme: "mysql2",
    // libpq encrypts with sslmode=require (docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html).
    postgresSslMode: "require",
  },
  // Rails' image installs curl (as Rails' own Dockerfile template does).
  healthCheck: (url) => ["CMD-SHELL", `curl -fsS ${url} || exit 1`],
  restoreFiles: () => ["Gemfile", "Gemfile.lock"],
  development: {
    output: "log/, tmp/, db/schema.rb",
    plan: ({ service }) => ({
      target: "build",
      buildArgs: [{ key: "BUNDLE_WITHOUT", value: "" }],
      // The build stage has no ENTRYPOINT, so development names the app's own: it runs
      // db:prepare only for a command that ends in exactly `./bin/rails server` (Rails'
      // template), hence no `-b 0.0.0.0` there; BINDING says the same to `rails server`.
      entrypoint: ["./bin/docker-entrypoint"],
      command: service.devCommand ?? (service.kind === "web" ? ["./bin/rails", "server"] : service.command),
      volumes: [".:/rails"],
      environment: [
        { key: "RAILS_ENV", value: "development" },
        ...(service.kind === "web" ? [{ key: "BINDING", value: "0.0.0.0" }] : []),
        NAMELESS_HOME,
      ],
    }),
  },
  testJob: ({ runtimeVersion, testCommand, database }) => ({
    image: RUBY_TEST_IMAGE(runtimeVersion),
    env: [{ key: "RAILS_ENV", value: "test" }],
    steps: [
      { name: "Install gems", run: "bundle install --jobs 4" },
      ...(database !== "none" ? [{ name: "Prepare the database", run: "bin/rails db:prepare" }] : []),
      { name: "Test", run: testCommand ?? "bin/rails test" },
    ],
    backingServices: true,
    workingDirectory: null,
  }),
  feed: {
    // Bundler installs gems from a gem server or a path, never from a folder of .gem files, so
    // Rails has no folder strategies but "source" (path gems).
    strategies: {
      none: "rubygems.org only",
      source: "path or git gems from sibling repositories, passed as named build contexts",
      codeartifact: "an AWS CodeArtifact Ruby repository, with a token the CI role fetches",
      "github-packages": "GitHub Packages (RubyGems), read with the workflow's GITHUB_TOKEN",
    },
    unavailableReason: "Bundler installs gems from a gem server or a path, not from a folder of .gem files",
    publicRegistry: "rubygems.org",
    source: "path-siblings",
    // Bundler reads its sources from the Gemfile and the token from BUNDLE_<HOST>: no file of ours.
    registryFile: null,
    credential: "bundler-variable",
    // The ruby endpoint of the repository itself (docs/rules.md FEED-GEM-02).
    codeartifact: { format: "ruby", url: (endpoint) => endpoint },
    // rubygems.pkg.github.com/OWNER (docs/rules.md FEED-GEM-03).
    githubPackages: { host: "rubygems.pkg.github.com", url: (host, owner) => `https://${host}/${owner}` },
    pack: null,
    // Only "source" hands Rails a folder: the sibling repositories, as path gems.
    folderConsumption: () => "the `Gemfile` names each gem's folder with `path:`",
    npmScope: false,
    packagePatterns: false,
    packProject: false,
  },
};
