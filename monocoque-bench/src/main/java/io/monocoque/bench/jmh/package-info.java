/**
 * JMH micro-benchmarks. Run with
 * {@code java -cp "monocoque-bench/target/monocoque-bench.jar:monocoque-bench/target/lib/*" org.openjdk.jmh.Main <pattern>}
 * after {@code mvn -B -DskipTests -pl monocoque-bench -am package}.
 */
package io.monocoque.bench.jmh;
