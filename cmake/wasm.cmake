# The WebAssembly module and the static site in AE_DIST_DIR.

set(AE_DIST_DIR "${PROJECT_SOURCE_DIR}/dist" CACHE PATH "Where the static site is assembled")

# A string allocation failure cannot be reported across the C ABI anyway; abort is the answer.
target_compile_options(actexp_core PRIVATE -fno-exceptions)

add_executable(activation_explorer_wasm cpp/c_api/wasm_exports.cpp)
target_link_libraries(activation_explorer_wasm PRIVATE actexp_core)
set_target_properties(activation_explorer_wasm PROPERTIES OUTPUT_NAME activation_explorer SUFFIX ".wasm")
set(AE_EXPORTS _ae_catalog_json _ae_last_error _ae_sample _ae_kinks _ae_formula _malloc _free)
list(JOIN AE_EXPORTS "," AE_EXPORTS_CSV)
target_link_options(activation_explorer_wasm PRIVATE
  # A bare .wasm with no Emscripten JS glue: our own loader instantiates it, so nothing
  # generates code from strings (strict CSP) and Node loads it from bytes.
  -sSTANDALONE_WASM
  --no-entry
  -sEXPORTED_FUNCTIONS=${AE_EXPORTS_CSV}
  # n up to 1,000,000 needs 24 MB of buffers; the loader re-takes its views after growth.
  -sALLOW_MEMORY_GROWTH=1
  -fno-exceptions)

file(GLOB AE_WEB_FILES CONFIGURE_DEPENDS RELATIVE "${PROJECT_SOURCE_DIR}/web"
  "${PROJECT_SOURCE_DIR}/web/*.html" "${PROJECT_SOURCE_DIR}/web/*.js" "${PROJECT_SOURCE_DIR}/web/*.css" "${PROJECT_SOURCE_DIR}/web/*.svg")
set(AE_PLOTLY "${PROJECT_SOURCE_DIR}/node_modules/plotly.js-basic-dist-min/plotly-basic.min.js")
set(AE_DIST_OUTPUTS "${AE_DIST_DIR}/activation_explorer.wasm" "${AE_DIST_DIR}/vendor/plotly-basic.min.js")
set(AE_COPY_COMMANDS)
foreach(file IN LISTS AE_WEB_FILES)
  list(APPEND AE_DIST_OUTPUTS "${AE_DIST_DIR}/${file}")
  list(APPEND AE_COPY_COMMANDS COMMAND ${CMAKE_COMMAND} -E copy "${PROJECT_SOURCE_DIR}/web/${file}" "${AE_DIST_DIR}/${file}")
endforeach()
list(TRANSFORM AE_WEB_FILES PREPEND "${PROJECT_SOURCE_DIR}/web/" OUTPUT_VARIABLE AE_WEB_SOURCES)

add_custom_command(
  OUTPUT ${AE_DIST_OUTPUTS}
  COMMAND ${CMAKE_COMMAND} -E make_directory "${AE_DIST_DIR}/vendor"
  COMMAND ${CMAKE_COMMAND} -E copy "$<TARGET_FILE:activation_explorer_wasm>" "${AE_DIST_DIR}/activation_explorer.wasm"
  COMMAND ${CMAKE_COMMAND} -E copy "${AE_PLOTLY}" "${AE_DIST_DIR}/vendor/plotly-basic.min.js"
  ${AE_COPY_COMMANDS}
  DEPENDS activation_explorer_wasm ${AE_WEB_SOURCES} "${AE_PLOTLY}"
  COMMENT "Assembling the static site in ${AE_DIST_DIR}")
add_custom_target(dist ALL DEPENDS ${AE_DIST_OUTPUTS})
