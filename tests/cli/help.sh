#!/bin/sh
# Every option in `galley --help` must be documented in docs/galley.1 and
# docs/cli.md, and every option those documents list must exist (curl does
# the same for its man page).  argv: build dir, source dir.
build=$1 src=$2
bin=$build/galley
[ -x "$bin" ] || { echo "no $bin"; exit 77; }
man=$src/docs/galley.1 md=$src/docs/cli.md
fail=0
help=$("$bin" --help) || { echo "galley --help failed"; exit 1; }
# options named in a text: --long and -x (roff writes \- for -)
opts() { sed 's/\\-/-/g' | grep -oE '(^|[^A-Za-z0-9-])--?[A-Za-z][A-Za-z0-9-]*' |
         sed 's/^[^-]*//' | sort -u; }
help_opts=$(printf '%s\n' "$help" | grep -E '^ +-' | opts)
[ -n "$help_opts" ] || { echo "no options found in --help"; exit 1; }
for o in $help_opts; do
  for doc in "$man" "$md"; do
    if ! sed 's/\\-/-/g' "$doc" | grep -qE -- "(^|[^A-Za-z0-9-])$o([^A-Za-z0-9-]|\$)"; then
      echo "option $o is in --help but not in $doc"; fail=1
    fi
  done
done
# the reverse: options the documents give in their option lists
man_opts=$(grep -E '^\.BR' "$man" | opts)
md_opts=$(grep -E '^\| `-' "$md" | opts)
for o in $man_opts $md_opts; do
  printf '%s\n' "$help_opts" | grep -qx -- "$o" || { echo "option $o is documented but not in --help"; fail=1; }
done
# and the program accepts every option it lists (value-taking ones get a value)
for o in $help_opts; do
  case $o in -h|--help|-V|--version) continue ;; esac
  out=$("$bin" "$o" 2>&1 </dev/null); rc=$?
  case $out in *"unknown option"*) echo "galley rejects its own option $o"; fail=1 ;; esac
done
[ $fail = 0 ] && echo "help.sh: $(printf '%s\n' $help_opts | wc -l) options agree"
exit $fail
