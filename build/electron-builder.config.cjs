// electron-builder configuration, loaded by build/build.mjs (and by `npx electron-builder --config
// build/electron-builder.config.cjs …`). CommonJS because electron-builder require()s it and package.json is
// "type": "module".

/**
 * Runtime packages the packaged app never loads: the renderer's libraries are already bundled into dist/web,
 * main and preload are bundled into dist/electron, and tsx/esbuild/typescript are development tools. Only what
 * the bundled CLI (dist/cli) imports at run time stays (sql.js, jieba-wasm, papaparse, iconv-lite, and echarts
 * with zrender and tslib, which draw the meeting pack's charts, …).
 */
const RENDERER_OR_DEV_ONLY = [
  'react',
  'react-dom',
  'scheduler',
  'react-i18next',
  'i18next',
  'html-parse-stringify',
  'void-elements',
  '@tanstack',
  '@types',
  'csstype',
  'tsx',
  'esbuild',
  '@esbuild',
  'get-tsconfig',
  'resolve-pkg-maps',
  'typescript',
];

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'com.kequn.workbench',
  productName: 'Kequn Workbench',
  copyright: 'Copyright © Kequn Workbench team',
  directories: { output: 'dist', buildResources: 'build' },
  files: [
    'package.json',
    'dist/web/**/*',
    'dist/electron/**/*',
    'dist/cli/**/*',
    '!**/*.map',
    '!**/*.{test,spec,e2e,bench}.*',
    '!**/*.{ts,tsx,mts,cts}',
    ...RENDERER_OR_DEV_ONLY.map((name) => `!**/node_modules/${name}/**`),
    // sql.js ships asm.js, debug and worker builds next to the one wasm build Node uses.
    '!**/node_modules/sql.js/dist/{sql-asm*,*debug*,worker*}',
  ],
  asar: true,
  // The CLI runs on the system's Node (the app binary's runAsNode fuse is off), which cannot read inside an asar:
  // the CLI bundle and the packages it imports (sql.js with its wasm, @node-rs/jieba with its dictionary, echarts
  // …) are unpacked to resources/app.asar.unpacked/.
  asarUnpack: ['package.json', 'dist/cli/**', 'node_modules/**'],
  // `kequn` launchers (sh and cmd) in resources/bin/.
  extraResources: [{ from: 'build/bin', to: 'bin', filter: ['kequn', 'kequn.cmd'] }],
  // Nothing native is loaded in main; rebuilding would also try to download Electron headers.
  npmRebuild: false,
  // Electron security checklist #19: switch off what an attacker with local access could use to run code.
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  },
  win: {
    target: ['nsis', 'portable'],
    icon: 'build/icons/icon.ico',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    shortcutName: '客群工作台',
    artifactName: 'Kequn-Workbench-Setup-${version}.${ext}',
  },
  portable: {
    artifactName: 'Kequn-Workbench-Portable-${version}.${ext}',
  },
  mac: {
    target: ['dmg'],
    icon: 'build/icons/icon.icns',
    category: 'public.app-category.finance',
  },
  dmg: {
    artifactName: 'Kequn-Workbench-${version}.${ext}',
  },
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'build/icons',
    category: 'Office',
    executableName: 'kequn-workbench',
    synopsis: '客群工作台 — offline customer-group workbench',
    description: '客群工作台 (Kequn Workbench): offline analyst workbench for bank customer-group management.',
    desktop: {
      entry: {
        Name: 'Kequn Workbench',
        'Name[zh_CN]': '客群工作台',
        Comment: 'Offline customer-group workbench',
        'Comment[zh_CN]': '离线客群管理分析工作台',
      },
    },
  },
  appImage: {
    artifactName: 'Kequn-Workbench-${version}-${arch}.${ext}',
  },
  deb: {
    artifactName: 'kequn-workbench_${version}_${arch}.${ext}',
  },
  publish: null,
};

module.exports = config;
