# cmake/vendored.cmake: the vendored C libraries compiled into dcmigrate, shared by CMakeLists.txt
# and fuzz/CMakeLists.txt. Vendored code: built with its own include directories and without our
# -Werror (its warnings are upstream's to fix).
#
# ---- tree-sitter's runtime --------------------------------------------------------------------
# Compiled from the C sources vendored in the npm
# package `tree-sitter` (node_modules/tree-sitter/vendor/tree-sitter/lib), pinned by package.json
# + package-lock.json like the grammars.
#
# The npm package 0.25.1 vendors the C library 0.25.x (ABI 13-15, ts_language_abi_version). It
# replaced Debian's libtree-sitter 0.20.7: no system package, the same runtime as ast-grep, and
# the one source of truth for the facts the code states about tree-sitter's behaviour.
#
# dc_tree_sitter_runtime(<target> <node_modules> [compile options...]): a static library built
# from lib/src/lib.c (the amalgamation: one translation unit), its API headers public. Vendored
# code: compiled with its own include directories and without our -Werror (its warnings are
# upstream's to fix); wasm support stays off (TREE_SITTER_FEATURE_WASM undefined).
function(dc_tree_sitter_runtime target node_modules)
  set(lib ${node_modules}/tree-sitter/vendor/tree-sitter/lib)
  if(NOT EXISTS ${lib}/src/lib.c)
    message(FATAL_ERROR "tree-sitter runtime missing (${lib}/src/lib.c): run `npm ci --ignore-scripts` (scripts/bootstrap does it)")
  endif()
  add_library(${target} STATIC ${lib}/src/lib.c)
  target_include_directories(${target} PRIVATE ${lib}/src ${lib}/src/wasm)
  # SYSTEM: our -Wall -Wextra -Werror never applies to what its headers declare
  target_include_directories(${target} SYSTEM PUBLIC ${lib}/include)
  target_compile_definitions(${target} PRIVATE _POSIX_C_SOURCE=200112L _DEFAULT_SOURCE)
  target_compile_options(${target} PRIVATE -O2 ${ARGN})
  set_target_properties(${target} PROPERTIES C_STANDARD 11 C_EXTENSIONS OFF POSITION_INDEPENDENT_CODE ON)
endfunction()

# ---- xdiff: git's diff engine (vendor/xdiff/README.md says why and from where) ----------------
# dc_xdiff(<target> <root> [compile options...]): a static library; <xdiff.h> public.
function(dc_xdiff target root)
  set(d ${root}/vendor/xdiff)
  add_library(${target} STATIC ${d}/xdiffi.c ${d}/xemit.c ${d}/xhistogram.c ${d}/xpatience.c
    ${d}/xprepare.c ${d}/xutils.c)
  target_include_directories(${target} SYSTEM PUBLIC ${d})
  target_compile_options(${target} PRIVATE -O2 -w ${ARGN})
  set_target_properties(${target} PROPERTIES C_STANDARD 11 C_EXTENSIONS ON POSITION_INDEPENDENT_CODE ON)
endfunction()
