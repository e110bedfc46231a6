#!/usr/bin/env bash
# Starts two local Spark Thrift Servers (HiveServer2) for smelt's Spark tests, on 127.0.0.1 only:
#   binary mode, auth NONE (SASL PLAIN, any user and password)     port $SMELT_SPARK_PORT      (10000)
#   HTTP mode, path /cliservice, auth CUSTOM: HTTP basic with any    port $SMELT_SPARK_HTTP_PORT (10001)
#     user and the password "smelt-test-password" (a tiny provider compiled here with javac), so
#     tests can see a real server refuse credentials
# Each runs in its own working directory, build/spark/<mode>-<port>/ (its Derby metastore, warehouse,
# log and pid file live there, so servers on other ports never share them), with a modest heap and
# few shuffle partitions (the test data is tiny).
# pyspark comes from PyPI through scripts/bootstrap.sh --spark (installed once, cached in .deps/venv).
# Idempotent: a server whose pid is alive and whose port answers is left alone. Waits until both
# ports answer (up to $SMELT_SPARK_WAIT seconds, default 180) and exits non-zero, with the end of
# the server's log, when one does not come up. scripts/spark-down.sh stops them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BINARY_PORT=${SMELT_SPARK_PORT:-10000}
HTTP_PORT=${SMELT_SPARK_HTTP_PORT:-10001}
WAIT=${SMELT_SPARK_WAIT:-180}
STATE="$ROOT/build/spark"

say() { echo "spark-up: $*"; }
die() { echo "spark-up: error: $*" >&2; exit 1; }

"$ROOT/scripts/bootstrap.sh" --spark
PYTHON="$ROOT/.deps/venv/bin/python"
SPARK_HOME="$("$PYTHON" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')"
export SPARK_HOME

# The HTTP server's password check: a PasswdAuthenticationProvider (the interface ships in Spark's
# Thrift Server jar), compiled once into build/spark/auth.
AUTH_DIR="$STATE/auth"
AUTH_JAR="$AUTH_DIR/smelt-test-auth.jar"
if [[ ! -f "$AUTH_JAR" ]]; then
  command -v javac >/dev/null || die "javac not found (the JDK 17 compiler; Debian: openjdk-17-jdk-headless)"
  mkdir -p "$AUTH_DIR"
  work=$(mktemp -d "$AUTH_DIR/.build.XXXXXX") # two starts at once must not share a build folder
  mkdir -p "$work/classes"
  cat >"$work/SmeltTestAuth.java" <<'JAVA'
import javax.security.sasl.AuthenticationException;
import org.apache.hive.service.auth.PasswdAuthenticationProvider;

/* Accepts any non-empty user with the password "smelt-test-password" (a local test server only). */
public class SmeltTestAuth implements PasswdAuthenticationProvider {
  @Override
  public void Authenticate(String user, String password) throws AuthenticationException {
    if (user == null || user.isEmpty() || !"smelt-test-password".equals(password))
      throw new AuthenticationException("wrong user or password");
  }
}
JAVA
  thriftserver_jar=$(ls "$SPARK_HOME"/jars/spark-hive-thriftserver_*.jar | head -n 1)
  javac -d "$work/classes" -cp "$thriftserver_jar" "$work/SmeltTestAuth.java" \
    || die "cannot compile the test authentication provider"
  jar cf "$work/auth.jar" -C "$work/classes" . && mv "$work/auth.jar" "$AUTH_JAR"
  rm -rf "$work"
fi

# Whether something accepts TCP connections on 127.0.0.1:port.
port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Whether the server recorded in dir/server.pid is alive.
alive() { [[ -f "$1/server.pid" ]] && kill -0 "$(cat "$1/server.pid")" 2>/dev/null; }

# start NAME PORT EXTRA-HIVECONF...: starts one server unless it runs already.
start() {
  local name=$1 port=$2; shift 2
  local dir="$STATE/$name-$port"
  mkdir -p "$dir"
  if alive "$dir" && port_answers "$port"; then return 0; fi
  if alive "$dir"; then return 0; fi # starting: waited for below
  if port_answers "$port"; then die "port $port is taken by another program (set SMELT_SPARK_PORT / SMELT_SPARK_HTTP_PORT)"; fi
  say "starting the $name-mode Thrift Server on 127.0.0.1:$port (log: build/spark/$name-$port/server.log)"
  (
    cd "$dir"
    # setsid: the server outlives this script and gets its own process group (spark-down stops it).
    setsid "$SPARK_HOME/bin/spark-submit" \
      --class org.apache.spark.sql.hive.thriftserver.HiveThriftServer2 \
      --name "smelt-test-$name" \
      --master 'local[2]' \
      --driver-memory 1g \
      --driver-class-path "$AUTH_JAR" \
      --conf spark.ui.enabled=false \
      --conf spark.sql.shuffle.partitions=2 \
      --conf spark.default.parallelism=2 \
      --conf spark.sql.adaptive.enabled=true \
      --conf "spark.sql.warehouse.dir=$dir/warehouse" \
      --conf "spark.driver.extraJavaOptions=-Dderby.system.home=$dir -Dderby.stream.error.file=$dir/derby.log" \
      --hiveconf hive.server2.thrift.bind.host=127.0.0.1 \
      --hiveconf hive.server2.enable.doAs=false \
      "$@" \
      spark-internal >"$dir/server.log" 2>&1 </dev/null &
    echo $! >"$dir/server.pid"
  )
}

start binary "$BINARY_PORT" --hiveconf hive.server2.transport.mode=binary --hiveconf hive.server2.authentication=NONE \
  --hiveconf "hive.server2.thrift.port=$BINARY_PORT"
start http "$HTTP_PORT" --hiveconf hive.server2.transport.mode=http \
  --hiveconf "hive.server2.thrift.http.port=$HTTP_PORT" --hiveconf hive.server2.thrift.http.path=cliservice \
  --hiveconf hive.server2.authentication=CUSTOM \
  --hiveconf hive.server2.custom.authentication.class=SmeltTestAuth

deadline=$((SECONDS + WAIT))
for pair in "binary:$BINARY_PORT" "http:$HTTP_PORT"; do
  name=${pair%%:*} port=${pair##*:}
  until port_answers "$port"; do
    if ! alive "$STATE/$name-$port"; then
      tail -n 30 "$STATE/$name-$port/server.log" >&2 || true
      die "the $name-mode server exited before it answered on port $port"
    fi
    if ((SECONDS > deadline)); then
      tail -n 30 "$STATE/$name-$port/server.log" >&2 || true
      die "the $name-mode server did not answer on port $port within ${WAIT}s"
    fi
    sleep 1
  done
done
say "binary 127.0.0.1:$BINARY_PORT and http 127.0.0.1:$HTTP_PORT/cliservice are up"
