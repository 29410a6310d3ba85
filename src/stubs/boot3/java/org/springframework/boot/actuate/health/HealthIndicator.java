package org.springframework.boot.actuate.health;

/**
 * Compile-only stand-in for Spring Boot 3's {@code HealthIndicator} (spring-boot-actuator 3.5), with the one method
 * {@code dev.tglogin.autoconfigure.Boot3UpstreamHealthIndicator} implements. Never in the jar nor on a test class
 * path: the library's build compiles against it (javac {@code -implicit:none}, see pom.xml) so that the one jar built
 * on Spring Boot 4 also carries the Boot 3 adapter, which runs against Boot 3's real type.
 */
public interface HealthIndicator {

	Health health();

}
