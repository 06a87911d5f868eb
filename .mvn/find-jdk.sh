# Finds a JDK 21 or newer and exports JAVA_HOME to it. Sourced (POSIX sh) by ./mvnw and ./kith, so the README's
# two commands work on a machine whose default java is older (17 here) and JAVA_HOME is unset.
# Looks at JAVA_HOME, then the java on PATH, then the usual install folders; newest first among those.
kith_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}
kith_find_jdk() {
  _kith_glob_off=0
  case $- in *f*) _kith_glob_off=1; set +f ;; esac
  _kith_found=""
  _kith_path_java="$(command -v java 2>/dev/null || true)"
  [ -n "$_kith_path_java" ] && _kith_path_java="$(dirname "$(dirname "$(readlink -f "$_kith_path_java")")")"
  for _kith_c in "${JAVA_HOME:-}" "$_kith_path_java" $(ls -d /usr/lib/jvm/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home 2>/dev/null | sort -rV); do
    [ -n "$_kith_c" ] && [ -x "$_kith_c/bin/java" ] && [ -x "$_kith_c/bin/javac" ] || continue
    _kith_v="$(kith_java_major "$_kith_c/bin/java")"
    if [ -n "$_kith_v" ] && [ "$_kith_v" -ge 21 ] 2>/dev/null; then _kith_found="$_kith_c"; break; fi
  done
  [ "$_kith_glob_off" = 1 ] && set -f
  if [ -z "$_kith_found" ]; then
    echo "Kith needs a JDK 21 or newer (found none in JAVA_HOME, on PATH or in /usr/lib/jvm)." >&2
    echo "Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21/25 from adoptium.net, or set JAVA_HOME to it." >&2
    return 1
  fi
  JAVA_HOME="$_kith_found"
  export JAVA_HOME
}
