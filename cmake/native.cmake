# Native build: the CLI and every test suite, all run by ctest.
enable_testing()

# GCC 12's basic-block (SLP) vectorizer drops the float32 rounding of a formula's constant slots
# in the evaluator (sqrt(2) under float32 stayed 1.4142135623730951 at -O2 and -O3; -O0, clang and
# the wasm build round it to 1.4142135381698608, as docs/formulas.md says), so the CLI differed
# from the page. tests/node/formula-engine.test.mjs compares the two bit for bit.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  set_source_files_properties(cpp/formula/evaluate.cpp DIRECTORY "${PROJECT_SOURCE_DIR}" PROPERTIES COMPILE_OPTIONS -fno-tree-slp-vectorize)
endif()

# AE_SANITIZE builds everything with AddressSanitizer and UBSan (clang), plus the libFuzzer
# target; scripts/test builds it beside the plain build and runs it from there.
option(AE_SANITIZE "Build with AddressSanitizer, UBSan and the libFuzzer target (clang)" OFF)
if(AE_SANITIZE)
  set(AE_SANITIZERS -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_compile_options(${AE_SANITIZERS})
  add_link_options(${AE_SANITIZERS})
  # Coverage for the fuzzer, without linking its main into the other programs.
  target_compile_options(actexp_core PRIVATE -fsanitize=fuzzer-no-link)
  target_compile_options(actexp_lab PRIVATE -fsanitize=fuzzer-no-link)
  target_compile_options(actexp_c_api PRIVATE -fsanitize=fuzzer-no-link)
  target_compile_options(actexp_lab_c_api PRIVATE -fsanitize=fuzzer-no-link)
  add_executable(c_api_fuzzer tests/fuzz/c_api_fuzzer.cpp)
  target_link_libraries(c_api_fuzzer PRIVATE actexp_lab_c_api)
  target_include_directories(c_api_fuzzer PRIVATE cpp)
  target_link_options(c_api_fuzzer PRIVATE -fsanitize=fuzzer)
  target_compile_options(actexp_formula PRIVATE -fsanitize=fuzzer-no-link)
  add_executable(formula_fuzzer tests/fuzz/formula_fuzzer.cpp)
  target_link_libraries(formula_fuzzer PRIVATE actexp_formula)
  target_include_directories(formula_fuzzer PRIVATE cpp)
  target_link_options(formula_fuzzer PRIVATE -fsanitize=fuzzer)
endif()

add_executable(actviz cpp/cli/actviz.cpp cpp/cli/train_command.cpp cpp/cli/flags.cpp cpp/cli/output_file.cpp)
target_link_libraries(actviz PRIVATE actexp_lab actexp_formula)

# scripts/search-presets: the search that chose the lab's dying_relu preset.
find_package(Threads REQUIRED)
add_executable(preset_search bench/preset_search.cpp)
target_link_libraries(preset_search PRIVATE actexp_lab Threads::Threads)
target_include_directories(preset_search PRIVATE cpp)

find_program(NODE node REQUIRED)
find_package(GTest REQUIRED)
include(GoogleTest)
add_executable(core_tests
  tests/cpp/rectifiers_test.cpp
  tests/cpp/seed_reference_test.cpp
  tests/cpp/sampler_test.cpp
  tests/cpp/c_api_test.cpp
  tests/cpp/catalog_test.cpp
  tests/cpp/catalog_functions_test.cpp
  tests/cpp/dtype_test.cpp
  tests/cpp/lab_test.cpp
  tests/cpp/presets_test.cpp
  tests/cpp/formula_test.cpp
  tests/cpp/formula_entry_test.cpp
  tests/cpp/formula_mathml_test.cpp
  tests/cpp/formula_export_test.cpp
  tests/cpp/formula_ties_test.cpp
  tests/cpp/formula_grammar_test.cpp
  tests/cpp/registry_test.cpp
  tests/cpp/json_writer_test.cpp)
target_include_directories(core_tests PRIVATE tests/cpp cpp)
target_link_libraries(core_tests PRIVATE actexp_lab_c_api actexp_formula GTest::gtest_main)
target_compile_definitions(core_tests PRIVATE AE_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
gtest_discover_tests(core_tests)
# A formula's ties as the native core finds them, for the Node suite that holds the wasm module's to them.
add_executable(formula_ties_rows tests/support/formula_ties_rows.cpp)
target_link_libraries(formula_ties_rows PRIVATE actexp_formula)
target_include_directories(formula_ties_rows PRIVATE cpp)

foreach(cli_suite actviz train help output train-memory expr train-expr)
  add_test(NAME cli.${cli_suite} COMMAND node --test --test-reporter=spec "${PROJECT_SOURCE_DIR}/tests/cli/${cli_suite}.test.mjs")
  set_tests_properties(cli.${cli_suite} PROPERTIES ENVIRONMENT "AE_ACTVIZ=$<TARGET_FILE:actviz>")
endforeach()

# The sanitizer build's unit tests and a timed fuzz run, when scripts/test made that build.
set(AE_SANITIZE_BUILD "" CACHE PATH "A build made with -DAE_SANITIZE=ON, whose tests join this ctest run")
set(AE_FUZZ_SECONDS 60 CACHE STRING "How long ctest runs the fuzzer")
if(AE_SANITIZE_BUILD)
  add_test(NAME sanitize.core_tests COMMAND "${AE_SANITIZE_BUILD}/core_tests" --gtest_brief=1)
  add_test(NAME sanitize.fuzz_c_api COMMAND ${CMAKE_COMMAND} -E env "${PROJECT_SOURCE_DIR}/scripts/fuzz" "${AE_FUZZ_SECONDS}")
  set_tests_properties(sanitize.fuzz_c_api PROPERTIES ENVIRONMENT "AE_FUZZ_BUILD=${AE_SANITIZE_BUILD}" TIMEOUT 600)
endif()

# The Node and browser suites need the wasm build's site; scripts/test passes its folder.
set(AE_DIST_DIR "" CACHE PATH "Static site built by the wasm preset; enables the Node and browser suites")
if(AE_DIST_DIR)
  find_program(NODE node REQUIRED)
  set(AE_JS_ENV "AE_DIST_DIR=${AE_DIST_DIR}" "AE_ACTVIZ=$<TARGET_FILE:actviz>" "AE_TIES_ROWS=$<TARGET_FILE:formula_ties_rows>")
  file(GLOB AE_NODE_TESTS CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/tests/node/*.test.mjs")
  file(GLOB AE_BROWSER_TESTS CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/tests/browser/*.test.mjs"
    "${PROJECT_SOURCE_DIR}/tests/docs/*.test.mjs" "${PROJECT_SOURCE_DIR}/tests/package/*.test.mjs")
  foreach(test_file IN LISTS AE_NODE_TESTS AE_BROWSER_TESTS)
    get_filename_component(test_name "${test_file}" NAME_WE)
    get_filename_component(suite_dir "${test_file}" DIRECTORY)
    get_filename_component(suite "${suite_dir}" NAME)
    add_test(NAME ${suite}.${test_name} COMMAND ${NODE} --test --test-reporter=spec "${test_file}")
    set_tests_properties(${suite}.${test_name} PROPERTIES ENVIRONMENT "${AE_JS_ENV}" TIMEOUT 300)
  endforeach()
  # Browser tests each start Chromium; running two at once on two cores only adds noise.
  foreach(test_file IN LISTS AE_BROWSER_TESTS)
    get_filename_component(test_name "${test_file}" NAME_WE)
    get_filename_component(suite_dir "${test_file}" DIRECTORY)
    get_filename_component(suite "${suite_dir}" NAME)
    set_tests_properties(${suite}.${test_name} PROPERTIES RESOURCE_LOCK chromium)
  endforeach()
  # The lab's suite counts main-thread long tasks while a worker trains: with another suite on
  # the second core the page's thread is starved (one 69 ms task, half the steps), so it runs alone.
  # The lab's worker protocol times a pause and a new run's first report at the heaviest settings
  # (each under 200 ms); beside another suite on two cores they measured 244 and 1,350 ms.
  set_tests_properties(browser.lab node.lab-protocol PROPERTIES RUN_SERIAL TRUE)
endif()

# scripts/bench: the native kernel benchmark, when Google Benchmark is installed.
find_package(benchmark QUIET)
if(benchmark_FOUND)
  add_executable(kernel_bench bench/kernel_bench.cpp)
  target_link_libraries(kernel_bench PRIVATE actexp_lab benchmark::benchmark)
  target_include_directories(kernel_bench PRIVATE cpp)
  add_executable(formula_bench bench/formula_bench.cpp)
  target_link_libraries(formula_bench PRIVATE actexp_formula benchmark::benchmark)
  target_include_directories(formula_bench PRIVATE cpp)
endif()
