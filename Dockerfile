# The Hubdex services of docker-compose.yml: one image with every module's jar, their runtime
# dependencies and the ops/ scripts. Built by `docker compose build` (or `docker build -t hubdex:local .`).
#
# Run a module's main class with its own classpath (a java @argfile written below):
#   java @/opt/hubdex/classpath/<module>.args <main class> [args]
# e.g. java @/opt/hubdex/classpath/local-stack.args org.hubdex.stack.StackCli topics --bootstrap kafka:19092

# ---- build: the whole reactor; tests run in ops/test and CI, not here ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -DskipTests install

# Every runtime jar once in /opt/hubdex/lib (versions are pinned once in the parent POM, so one file
# name is one artifact), and per module an @argfile with `-cp` = the module's jar + its runtime
# dependencies. The Elasticsearch server zip (local-stack) is not a classpath entry: left out.
RUN set -eu; \
    mvn -B -ntp -q dependency:copy-dependencies -DincludeScope=runtime -DexcludeTypes=zip,pom \
        -DoutputDirectory=/opt/hubdex/lib; \
    mvn -B -ntp -q dependency:build-classpath -DincludeScope=runtime -DexcludeTypes=zip,pom \
        -Dmdep.prefix=/opt/hubdex/lib -Dmdep.outputFile=target/runtime.classpath; \
    version="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n 1)"; \
    mkdir -p /opt/hubdex/classpath; \
    for pom in */pom.xml; do \
      module="${pom%/pom.xml}"; jar="$module/target/hubdex-$module-$version.jar"; \
      [ -f "$jar" ] || { echo "expected $jar (artifactId hubdex-$module, version $version)" >&2; exit 1; }; \
      cp "$jar" /opt/hubdex/lib/; \
      deps="$(cat "$module/target/runtime.classpath" 2>/dev/null || true)"; \
      echo "-cp /opt/hubdex/lib/hubdex-$module-$version.jar${deps:+:$deps}" > "/opt/hubdex/classpath/$module.args"; \
    done

# ---- runtime: a JRE, the jars and the ops/ scripts, run as an unprivileged user ----
FROM eclipse-temurin:17-jre
RUN groupadd --system hubdex \
 && useradd --system --gid hubdex --home-dir /var/lib/hubdex --create-home --shell /usr/sbin/nologin hubdex
COPY --from=build /opt/hubdex/lib /opt/hubdex/lib
COPY --from=build /opt/hubdex/classpath /opt/hubdex/classpath
COPY ops /opt/hubdex/ops
# DJL never downloads a native library (the pinned pytorch-native-cpu jar is in lib/) and never calls home.
ENV HUBDEX_HOME=/var/lib/hubdex \
    DJL_OFFLINE=true \
    OPT_OUT_TRACKING=true
USER hubdex
WORKDIR /opt/hubdex
CMD ["java", "@/opt/hubdex/classpath/local-stack.args", "org.hubdex.stack.StackCli", "--help"]
