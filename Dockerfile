# Anneal on the CPU backend of ND4J.
#   docker build -t anneal .
#   docker run -p 8080:8080 -e SPRING_DATASOURCE_URL=jdbc:postgresql://db:5432/anneal \
#       -e SPRING_DATASOURCE_USERNAME=anneal -e SPRING_DATASOURCE_PASSWORD=... anneal
# Both stages are glibc (Ubuntu): ND4J's native libraries are built against glibc, not musl.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /workspace
# The wrapper and the POM first, so the dependency download is a cached layer of its own.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -DskipTests package \
 && java -Djarmode=tools -jar target/anneal-*.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
# curl answers the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 anneal \
 && useradd --system --uid 10001 --gid anneal --home-dir /app --shell /usr/sbin/nologin anneal \
 && mkdir -p /app/.javacpp /data /var/lib/anneal/artifacts /var/lib/anneal/checkpoints /var/lib/anneal/datasets \
 && chown -R anneal:anneal /app /data /var/lib/anneal
WORKDIR /app
# One layer per Spring Boot layer, the least often changed first.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./

# JavaCPP unpacks ND4J's native libraries into a writable folder of the non-root user.
# One OpenMP thread per job: the service sets ND4J's own thread count per worker.
# Extra JVM flags go in JDK_JAVA_OPTIONS, which overrides these.
ENV JAVA_TOOL_OPTIONS="-XX:+UseParallelGC -XX:MaxRAMPercentage=75 -Dorg.bytedeco.javacpp.cachedir=/app/.javacpp -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 --add-modules=jdk.incubator.vector" \
    OMP_NUM_THREADS=1 \
    ANNEAL_DATABASE_EMBEDDED_ENABLED=false \
    ANNEAL_DATA_ROOT=/data \
    ANNEAL_ARTIFACTS_ROOT=/var/lib/anneal/artifacts \
    ANNEAL_DATASETS_ROOT=/var/lib/anneal/datasets \
    ANNEAL_CHECKPOINTS_ROOT=/var/lib/anneal/checkpoints
VOLUME ["/data", "/var/lib/anneal"]
USER 10001:10001
EXPOSE 8080
# Loading the native libraries takes a while on the first start.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
    CMD curl -fsS -o /dev/null http://localhost:8080/livez || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
