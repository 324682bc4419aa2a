# cmake/sources.cmake: where dcmigrate's own C sources live, shared by CMakeLists.txt and
# fuzz/CMakeLists.txt so the two builds can never disagree about what the library holds.
#
# DC_LAYERS lists the source folders lowest layer first: a file may include headers of its own
# layer and of the layers before it, never of a later one (scripts/check-structure enforces it;
# the README's "How the code is laid out" says what each layer owns).
set(DC_LAYERS common syntax discover ruleset project analysis fixes apply report cli)

# dc_core_sources(<out-var> <root>): every .c of the library (all layers but the executable's
# own cli/main.c and cli/heap.c).
function(dc_core_sources out root)
  set(globs)
  foreach(d ${DC_LAYERS})
    list(APPEND globs ${root}/${d}/*.c)
  endforeach()
  file(GLOB srcs CONFIGURE_DEPENDS ${globs})
  list(REMOVE_ITEM srcs ${root}/cli/main.c ${root}/cli/heap.c)
  list(SORT srcs)
  set(${out} ${srcs} PARENT_SCOPE)
endfunction()
