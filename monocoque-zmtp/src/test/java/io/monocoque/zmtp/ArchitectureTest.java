package io.monocoque.zmtp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The codec is sans-IO: no channels, sockets, threads or clocks. */
class ArchitectureTest {

    private static JavaClasses codec;

    @BeforeAll
    static void importCodec() {
        codec = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.monocoque.zmtp");
        // Guard against a vacuous pass if the import finds nothing.
        assertThat(codec.stream().map(c -> c.getSimpleName()))
                .contains("ZmtpSession", "FrameDecoder", "GreetingDecoder", "Command", "Metadata")
                .doesNotContain("ArchitectureTest", "ZmtpSessionTest");
    }

    @Test
    void shouldNotDependOnChannelsOrNetworking() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.nio.channels..", "java.net..")
                .check(codec);
    }

    @Test
    void shouldNotDependOnThreadsOrConcurrency() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.util.concurrent..")
                .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
                .check(codec);
    }

    @Test
    void shouldNotDependOnClocks() {
        noClasses().should().dependOnClassesThat().belongToAnyOf(Clock.class, Instant.class)
                .check(codec);
    }

    @Test
    void shouldNotReadSystemTime() {
        noClasses().should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .check(codec);
    }
}
