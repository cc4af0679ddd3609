# The WebAssembly module and the static site in AE_DIST_DIR.

set(AE_DIST_DIR "${PROJECT_SOURCE_DIR}/dist" CACHE PATH "Where the static site is assembled")

# A string allocation failure cannot be reported across the C ABI anyway; abort is the answer.
target_compile_options(actexp_core PRIVATE -fno-exceptions)
target_compile_options(actexp_lab PRIVATE -fno-exceptions)
target_compile_options(actexp_c_api PRIVATE -fno-exceptions)
target_compile_options(actexp_lab_c_api PRIVATE -fno-exceptions)
# The explorer's C ABI without the formula parser and evaluator, for the lean module below.
add_library(actexp_c_api_core STATIC cpp/c_api/activation_explorer.cpp cpp/c_api/abi_layout.cpp cpp/c_api/grammar_api.cpp
  cpp/formula/grammar_json.cpp)
target_link_libraries(actexp_c_api_core PUBLIC actexp_core)
target_compile_options(actexp_c_api_core PRIVATE -fno-exceptions)
target_compile_options(actexp_formula PRIVATE -fno-exceptions)
# Nothing asks a type at run time; without RTTI the registry's kernel classes carry no type names.
foreach(target actexp_core actexp_lab actexp_c_api actexp_lab_c_api actexp_formula actexp_c_api_core)
  target_compile_options(${target} PRIVATE -fno-rtti)
endforeach()

add_executable(activation_explorer_wasm cpp/c_api/wasm_exports.cpp)
target_link_libraries(activation_explorer_wasm PRIVATE actexp_c_api)
set_target_properties(activation_explorer_wasm PROPERTIES OUTPUT_NAME activation_explorer SUFFIX ".wasm")
set(AE_EXPORTS _ae_abi_json _ae_catalog_json _ae_last_error _ae_sample _ae_kinks _ae_formula _ae_saturation _malloc _free)
# A formula the reader types becomes a function (issue 19), in both modules: the lab trains one
# as a side (its parser and evaluator add about 17 KB with Brotli to the lab's module, which only
# a lab fetches; docs/lab.md gives the sizes).
set(AE_FORMULA_EXPORTS _ae_formula_register _ae_formula_unregister _ae_function_json)
# A formula's ties in a range (the explorer draws them as kink markers; the lab needs none).
set(AE_EXPLORER_EXPORTS ${AE_EXPORTS} ${AE_FORMULA_EXPORTS} _ae_kinks_in _ae_formula_grammar_json)
list(JOIN AE_EXPLORER_EXPORTS "," AE_EXPORTS_CSV)
# The lean explorer (activation_explorer_core.wasm): the catalog and the formula language's
# grammar, without the parser, evaluator, tie search and formula MathML (about 30 KB with Brotli).
# The page and the element load it first and fetch activation_explorer.wasm only when a formula
# is shown (engine.loadFormulas, web/activation-engine.js), so a reader who types none does not
# download them.
set(AE_CORE_EXPORTS ${AE_EXPORTS} _ae_formula_grammar_json)
list(JOIN AE_CORE_EXPORTS "," AE_CORE_EXPORTS_CSV)
add_executable(activation_explorer_core_wasm cpp/c_api/wasm_exports.cpp)
target_link_libraries(activation_explorer_core_wasm PRIVATE actexp_c_api_core)
set_target_properties(activation_explorer_core_wasm PROPERTIES OUTPUT_NAME activation_explorer_core SUFFIX ".wasm")
target_link_options(activation_explorer_core_wasm PRIVATE -sSTANDALONE_WASM --no-entry -sEXPORTED_FUNCTIONS=${AE_CORE_EXPORTS_CSV}
  -sALLOW_MEMORY_GROWTH=1 -sMALLOC=emmalloc -fno-exceptions)
# The lab's trainer is its own module (activation_lab.wasm), fetched only when the lab opens,
# so the explorer's page does not carry it. It holds the catalog too (the trainer calls it).
set(AE_LAB_EXPORTS ${AE_EXPORTS} ${AE_FORMULA_EXPORTS} _ae_lab_catalog_json _ae_lab_start _ae_lab_step _ae_lab_advance _ae_lab_history _ae_lab_units _ae_lab_predict
  _ae_lab_data _ae_lab_batches _ae_lab_export _ae_lab_summary)
list(JOIN AE_LAB_EXPORTS "," AE_LAB_EXPORTS_CSV)
add_executable(activation_lab_wasm cpp/c_api/wasm_exports.cpp)
target_link_libraries(activation_lab_wasm PRIVATE actexp_lab_c_api)
set_target_properties(activation_lab_wasm PROPERTIES OUTPUT_NAME activation_lab SUFFIX ".wasm")
target_link_options(activation_lab_wasm PRIVATE -sSTANDALONE_WASM --no-entry -sEXPORTED_FUNCTIONS=${AE_LAB_EXPORTS_CSV}
  -sALLOW_MEMORY_GROWTH=1 -sMALLOC=emmalloc -fno-exceptions)
target_link_options(activation_explorer_wasm PRIVATE
  # A bare .wasm with no Emscripten JS glue: our own loader instantiates it, so nothing
  # generates code from strings (strict CSP) and Node loads it from bytes.
  -sSTANDALONE_WASM
  --no-entry
  -sEXPORTED_FUNCTIONS=${AE_EXPORTS_CSV}
  # n up to 1,000,000 needs 24 MB of buffers; the loader re-takes its views after growth.
  -sALLOW_MEMORY_GROWTH=1
  # The engine allocates a handful of buffers once; emmalloc is ~10 KB smaller than dlmalloc.
  -sMALLOC=emmalloc
  -fno-exceptions)

# WebAssembly SIMD (every current browser has it) where it pays, as scripts/bench measured:
# the grid and the piecewise-linear kernels vectorise to f64x2. The exp/erf families stay
# scalar: vectorised loops around scalar libm calls ran 10-40% slower. The formula evaluator's
# exponentials are its own loops without calls (elementary.hpp), two at a time ran 1.35x faster
# (bench/formula-wasm.mjs). AE_WASM_SIMD=OFF builds the all-scalar module the benchmark compares with.
option(AE_WASM_SIMD "Compile the grid and piecewise-linear kernels with -msimd128" ON)
if(AE_WASM_SIMD)
  set_source_files_properties(cpp/core/sampler.cpp cpp/core/piecewise.cpp cpp/core/rectifiers.cpp cpp/core/algebraic.cpp
    cpp/lab/trainer.cpp cpp/formula/evaluate.cpp
    DIRECTORY "${PROJECT_SOURCE_DIR}" PROPERTIES COMPILE_OPTIONS -msimd128)
endif()

# The code that runs once per call, never per sample (the catalog, its registry and JSON, MathML, number
# formatting, the C ABI's checks) is compiled for size, as the module counts in the page's
# weight budget (issue 18); each kernel function keeps its -O3 code (the same size). The saturation
# search stays -O3: it samples fine grids (tens of ms per call) and measured slower at -Oz.
set_source_files_properties(cpp/core/catalog.cpp cpp/core/catalog_json.cpp cpp/core/format.cpp cpp/core/mathml.cpp
  cpp/core/json_writer.cpp cpp/core/registry.cpp cpp/c_api/activation_explorer.cpp cpp/c_api/abi_layout.cpp
  cpp/c_api/formula_api.cpp cpp/c_api/grammar_api.cpp cpp/formula/parser.cpp cpp/formula/formula_entry.cpp cpp/formula/formula_export.cpp
  cpp/formula/ties.cpp cpp/formula/grammar_json.cpp
  DIRECTORY "${PROJECT_SOURCE_DIR}" PROPERTIES COMPILE_OPTIONS -Oz)

# The views' folders too (the registry and the URL layer, which url-state.js re-exports): the
# lab's own modules are bundled, but its description (lab/view.js) is what the registry imports,
# and its URL keys (lab/lab-keys.js) are what every view's rule for formula names reads.
file(GLOB AE_WEB_FILES CONFIGURE_DEPENDS RELATIVE "${PROJECT_SOURCE_DIR}/web"
  "${PROJECT_SOURCE_DIR}/web/*.html" "${PROJECT_SOURCE_DIR}/web/*.js" "${PROJECT_SOURCE_DIR}/web/*.svg"
  "${PROJECT_SOURCE_DIR}/web/views/*.js" "${PROJECT_SOURCE_DIR}/web/explorer/*.js" "${PROJECT_SOURCE_DIR}/web/lab/view.js"
  "${PROJECT_SOURCE_DIR}/web/lab/lab-keys.js")
# The lab's modules are bundled (app.js, lab/lab-worker.js); their sources are dependencies,
# and so is the engine boundary (web/engine/) that both engines import.
file(GLOB AE_LAB_SOURCES CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/web/lab/*.js" "${PROJECT_SOURCE_DIR}/web/lab/*.css"
  "${PROJECT_SOURCE_DIR}/web/engine/*.js")
list(TRANSFORM AE_WEB_FILES PREPEND "${PROJECT_SOURCE_DIR}/web/" OUTPUT_VARIABLE AE_WEB_SOURCES)
# The page's script and style are bundled and minified (one request each, and the page stays
# under its size budget); app.js becomes a classic script so index.html also runs from file://.
# The modules are copied too, for pages that import the engine or the plot model themselves.
# activation-engine.js is bundled with web/engine/ into one readable module (not minified), so
# pages and the npm package that import it need no other file.
list(REMOVE_ITEM AE_WEB_FILES app.js activation-plot.js plotly-core.js activation-engine.js)
set(AE_ESBUILD "${PROJECT_SOURCE_DIR}/node_modules/.bin/esbuild")
set(AE_DIST_OUTPUTS "${AE_DIST_DIR}/activation_explorer.wasm" "${AE_DIST_DIR}/activation_explorer_core.wasm" "${AE_DIST_DIR}/activation_lab.wasm" "${AE_DIST_DIR}/lab/lab-view.js" "${AE_DIST_DIR}/lab/lab.css"
  "${AE_DIST_DIR}/app.js" "${AE_DIST_DIR}/style.css" "${AE_DIST_DIR}/activation-plot.js" "${AE_DIST_DIR}/activation-plot.css"
  "${AE_DIST_DIR}/activation-plot.classic.js" "${AE_DIST_DIR}/lab/lab-worker.js" "${AE_DIST_DIR}/activation-engine.js")
set(AE_COPY_COMMANDS)
foreach(file IN LISTS AE_WEB_FILES)
  list(APPEND AE_DIST_OUTPUTS "${AE_DIST_DIR}/${file}")
  list(APPEND AE_COPY_COMMANDS COMMAND ${CMAKE_COMMAND} -E copy "${PROJECT_SOURCE_DIR}/web/${file}" "${AE_DIST_DIR}/${file}")
endforeach()

add_custom_command(
  OUTPUT ${AE_DIST_OUTPUTS}
  COMMAND ${CMAKE_COMMAND} -E make_directory "${AE_DIST_DIR}/vendor" "${AE_DIST_DIR}/views" "${AE_DIST_DIR}/explorer" "${AE_DIST_DIR}/lab"
  COMMAND ${CMAKE_COMMAND} -E copy "$<TARGET_FILE:activation_explorer_wasm>" "${AE_DIST_DIR}/activation_explorer.wasm"
  COMMAND ${CMAKE_COMMAND} -E copy "$<TARGET_FILE:activation_explorer_core_wasm>" "${AE_DIST_DIR}/activation_explorer_core.wasm"
  COMMAND ${CMAKE_COMMAND} -E copy "$<TARGET_FILE:activation_lab_wasm>" "${AE_DIST_DIR}/activation_lab.wasm"
  ${AE_COPY_COMMANDS}
  # es2022: private class fields; every current browser has them.
  COMMAND "${AE_ESBUILD}" "${PROJECT_SOURCE_DIR}/web/app.js" --bundle --format=iife --minify --target=es2022
    --log-level=warning "--outfile=${AE_DIST_DIR}/app.js"
  COMMAND "${AE_ESBUILD}" "${PROJECT_SOURCE_DIR}/web/activation-engine.js" --bundle --format=esm --target=es2022
    --log-level=warning "--outfile=${AE_DIST_DIR}/activation-engine.js"
  COMMAND "${AE_ESBUILD}" "${PROJECT_SOURCE_DIR}/web/style.css" --bundle --minify --log-level=warning "--outfile=${AE_DIST_DIR}/style.css"
  # The lab's trainer: a module worker with its own engine instance (web/lab/lab-worker.js).
  COMMAND "${AE_ESBUILD}" "${PROJECT_SOURCE_DIR}/web/lab/lab-worker.js" --bundle --format=esm --minify --target=es2022
    --log-level=warning "--outfile=${AE_DIST_DIR}/lab/lab-worker.js"
  # The lab's view and its stylesheet, loaded only when a lab opens (web/lab-loader.js).
  COMMAND "${AE_ESBUILD}" "${PROJECT_SOURCE_DIR}/web/lab/lab-entry.js" --bundle --format=esm --minify --target=es2022
    --log-level=warning "--outfile=${AE_DIST_DIR}/lab/lab-view.js"
  COMMAND "${AE_ESBUILD}" "${PROJECT_SOURCE_DIR}/web/lab/lab.css" --minify --log-level=warning "--outfile=${AE_DIST_DIR}/lab/lab.css"
  # The web component: one ES module and its scoped stylesheet.
  COMMAND "${AE_ESBUILD}" "${PROJECT_SOURCE_DIR}/web/activation-plot.js" --bundle --format=esm --minify --target=es2022
    --log-level=warning "--outfile=${AE_DIST_DIR}/activation-plot.js"
  COMMAND "${AE_ESBUILD}" "${PROJECT_SOURCE_DIR}/web/explorer.css" --minify --log-level=warning "--outfile=${AE_DIST_DIR}/activation-plot.css"
  # The element again as a classic script, for pages opened from disk (browsers refuse module
  # scripts from file:); it finds its files through document.currentScript instead.
  COMMAND "${AE_ESBUILD}" "${PROJECT_SOURCE_DIR}/web/activation-plot.js" --bundle --format=iife --minify --target=es2022
    --log-level=warning --log-override:empty-import-meta=silent "--outfile=${AE_DIST_DIR}/activation-plot.classic.js"
  DEPENDS activation_explorer_wasm activation_explorer_core_wasm activation_lab_wasm ${AE_WEB_SOURCES} ${AE_LAB_SOURCES} "${PROJECT_SOURCE_DIR}/web/style.css" "${PROJECT_SOURCE_DIR}/web/explorer.css"
  COMMENT "Assembling the static site in ${AE_DIST_DIR}")
# Plotly: its core (which holds the scatter trace, the only one drawn) without the layout
# components the explorer never uses, bundled from the npm package by scripts/lib/build-plotly.mjs,
# instead of the prebuilt basic bundle whose bar and pie traces and calendars were never used:
# 361 KB instead of 395 KB gzipped. Its own command, as it takes a few seconds.
set(AE_PLOTLY_OUTPUT "${AE_DIST_DIR}/vendor/plotly-core.min.js")
add_custom_command(
  OUTPUT "${AE_PLOTLY_OUTPUT}"
  COMMAND node "${PROJECT_SOURCE_DIR}/scripts/lib/build-plotly.mjs" "${PROJECT_SOURCE_DIR}/web/plotly-core.js" "${AE_PLOTLY_OUTPUT}"
  DEPENDS "${PROJECT_SOURCE_DIR}/web/plotly-core.js" "${PROJECT_SOURCE_DIR}/scripts/lib/build-plotly.mjs"
    "${PROJECT_SOURCE_DIR}/node_modules/plotly.js/package.json"
  COMMENT "Bundling Plotly's core")
list(APPEND AE_DIST_OUTPUTS "${AE_PLOTLY_OUTPUT}")
# The files for use without a web server: standalone.html and the wasm as a script.
add_custom_command(
  OUTPUT "${AE_DIST_DIR}/standalone.html" "${AE_DIST_DIR}/activation_explorer.wasm.js"
  COMMAND node "${PROJECT_SOURCE_DIR}/scripts/lib/build-standalone.mjs" "${AE_DIST_DIR}"
  DEPENDS ${AE_DIST_OUTPUTS} "${PROJECT_SOURCE_DIR}/scripts/lib/build-standalone.mjs"
  COMMENT "Writing standalone.html")
# Brotli and gzip copies beside every asset, for hosts that serve precompressed files.
add_custom_command(
  OUTPUT "${AE_DIST_DIR}/index.html.br"
  COMMAND node "${PROJECT_SOURCE_DIR}/scripts/lib/precompress.mjs" "${AE_DIST_DIR}"
  DEPENDS ${AE_DIST_OUTPUTS} "${AE_DIST_DIR}/standalone.html" "${PROJECT_SOURCE_DIR}/scripts/lib/precompress.mjs"
  COMMENT "Writing .br and .gz files")
add_custom_target(dist ALL DEPENDS ${AE_DIST_OUTPUTS} "${AE_DIST_DIR}/standalone.html" "${AE_DIST_DIR}/index.html.br")
