# The libraries galley links, found once here. Everything that names them
# again is derived from the lists this file sets:
#   GALLEY_DEP_TARGETS      what libgalley links (build tree and export)
#   GALLEY_DEP_DEFINITIONS  GALLEY_HAVE_* for the optional ones found
#   GALLEY_PC_REQUIRES      galley.pc Requires.private (pkg-config modules)
#   GALLEY_PC_LIBS          galley.pc Libs.private (libcurl; libraries without a .pc)
#   GALLEY_CONFIG_DEPS      galleyConfig.cmake's code that finds them again
find_package(PkgConfig REQUIRED)
find_package(ZLIB REQUIRED)
find_package(Threads REQUIRED)

set(GALLEY_DEP_TARGETS)
set(GALLEY_DEP_DEFINITIONS)
set(GALLEY_PC_REQUIRES)
set(GALLEY_PC_LIBS)
set(GALLEY_CONFIG_DEPS "")

# galley_pkg(PREFIX MODULE REQUIRED|OPTIONAL [DEFINE D] [PC_LIBS FLAGS...]):
# a pkg-config dependency, imported as PkgConfig::PREFIX. galley.pc requires
# the module privately, or with PC_LIBS names its library in Libs.private
# instead.
macro(galley_pkg prefix module need)
  cmake_parse_arguments(GP "" "DEFINE" "PC_LIBS" ${ARGN})
  if("${need}" STREQUAL "REQUIRED")
    pkg_check_modules(${prefix} REQUIRED IMPORTED_TARGET ${module})
  else()
    pkg_check_modules(${prefix} IMPORTED_TARGET ${module})
  endif()
  if(${prefix}_FOUND)
    list(APPEND GALLEY_DEP_TARGETS PkgConfig::${prefix})
    if(GP_PC_LIBS)
      list(APPEND GALLEY_PC_LIBS ${GP_PC_LIBS})
    else()
      list(APPEND GALLEY_PC_REQUIRES ${module})
    endif()
    string(APPEND GALLEY_CONFIG_DEPS "galley_find_pkg(${prefix} ${module})\n")
    if(GP_DEFINE)
      list(APPEND GALLEY_DEP_DEFINITIONS ${GP_DEFINE})
    endif()
  endif()
endmacro()

galley_pkg(JSONC json-c REQUIRED)
galley_pkg(ZSTD libzstd REQUIRED)
# expat reads sitemaps and feeds (src/io/sitemap.c)
galley_pkg(EXPAT expat REQUIRED)
if(GALLEY_FETCH)
  # -lcurl, not Requires.private: `pkg-config --static` would expand
  # libcurl's own private list (nghttp2, ssh2, ldap, gssapi, ...), whose
  # -dev packages Debian's libcurl4-openssl-dev does not pull in. Linking
  # libgalley.a needs only libcurl itself; libcurl.so brings the rest.
  galley_pkg(CURL libcurl REQUIRED DEFINE GALLEY_HAVE_FETCH=1 PC_LIBS -lcurl)
endif()
# Optional: libdeflate inflates whole gzip members 2-3x faster than zlib
# (WARC reader thread); zlib streaming remains the fallback.
galley_pkg(LIBDEFLATE libdeflate OPTIONAL DEFINE GALLEY_HAVE_LIBDEFLATE=1)

list(APPEND GALLEY_DEP_TARGETS ZLIB::ZLIB)
list(APPEND GALLEY_PC_REQUIRES zlib)
string(APPEND GALLEY_CONFIG_DEPS "find_dependency(ZLIB)\n")

# CLD2 (language identification) has no .pc file: found by name, linked by
# name from an installed tree (-lcld2).
find_library(CLD2_LIB NAMES cld2)
find_path(CLD2_INCLUDE cld2/public/compact_lang_det.h)
if(CLD2_LIB AND CLD2_INCLUDE)
  list(APPEND GALLEY_DEP_DEFINITIONS GALLEY_HAVE_CLD2=1)
  list(APPEND GALLEY_DEP_TARGETS $<BUILD_INTERFACE:${CLD2_LIB}> $<INSTALL_INTERFACE:cld2>)
  list(APPEND GALLEY_PC_LIBS -lcld2)
endif()

# meta_lang.cc is C++ (CLD2's interface); a C program linking libgalley.a
# needs the C++ runtime.
list(APPEND GALLEY_DEP_TARGETS Threads::Threads m stdc++)
list(APPEND GALLEY_PC_LIBS -lstdc++ -lpthread -lm)
string(APPEND GALLEY_CONFIG_DEPS "find_dependency(Threads)\n")

list(JOIN GALLEY_PC_REQUIRES " " GALLEY_PC_REQUIRES)
list(JOIN GALLEY_PC_LIBS " " GALLEY_PC_LIBS)
