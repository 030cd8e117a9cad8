package io.monocoque;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the layering of DESIGN.md honest: only the engine touches channels. */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.monocoque");
        assertThat(classes).isNotEmpty();
    }

    @Test
    void onlyTheEngineTouchesChannels() {
        noClasses().that().resideOutsideOfPackage("io.monocoque.internal")
                .or().resideInAPackage("io.monocoque.internal.pattern..")
                .should().dependOnClassesThat().resideInAPackage("java.nio.channels..")
                .because("socket semantics are single-threaded logic over pipes; only the engine does I/O")
                .check(classes);
    }

    @Test
    void thePublicApiDoesNotExposeTheCodec() {
        noClasses().that().resideInAPackage("io.monocoque").and().arePublic()
                .should().dependOnClassesThat().resideInAPackage("io.monocoque.zmtp..")
                .because("the public API is io.monocoque only; the codec is an implementation detail")
                .check(classes);
    }

    @Test
    void patternsDoNotStartThreadsOrSleep() {
        noClasses().that().resideInAPackage("io.monocoque.internal.pattern..")
                .should().dependOnClassesThat().areAssignableTo(Thread.class)
                .check(classes);
    }
}
