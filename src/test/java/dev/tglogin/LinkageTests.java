package dev.tglogin;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.FieldVisitor;
import org.springframework.asm.Handle;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.asm.Type;
import org.springframework.util.ClassUtils;

import dev.tglogin.core.TelegramFactor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every class and member the library's classes refer to links on the Spring generation the tests run on, except in
 * the few places that are only reached behind a class-presence check. One jar (built on Spring Boot 4.1 / Spring
 * Security 7.1) serves both generations, and the spring-boot-3 leg runs these tests against that jar's classes, so
 * a Spring Security 7, Boot 4 or Jackson 3 call added anywhere else fails here, whether or not another test reaches
 * it. Reads the main classes (on the spring-boot-3 leg, the unpacked jar) with Spring's ASM and resolves every
 * reference against the test class path without initializing anything. BouncyCastle, an optional dependency on the
 * test class path, is named by one class only, which is loaded only when it is present.
 */
class LinkageTests {

	/** The places (classes, with their nested classes) allowed to name what one generation lacks, and their guard. */
	private static final Set<String> GUARDED = Set.of(
			// Spring Security 7's defaultDeniedHandlerForMissingAuthority, behind ClassUtils.isPresent
			"dev.tglogin.config.TelegramFactorEntryPoint",
			// Jackson 3 and Spring Security 7's SecurityJacksonModule: an API for apps on 7, loaded by nothing here
			"dev.tglogin.jackson.TelegramLoginJacksonModule",
			// Boot 4's health types: created only by the @ConditionalOnClass configuration below
			"dev.tglogin.autoconfigure.UpstreamHealthIndicator",
			"dev.tglogin.autoconfigure.TelegramLoginHealthAutoConfiguration$Boot4Indicators",
			// Boot 3's health types: likewise
			"dev.tglogin.autoconfigure.Boot3UpstreamHealthIndicator",
			"dev.tglogin.autoconfigure.TelegramLoginHealthAutoConfiguration$Boot3Indicators");

	private static final boolean SECURITY_7 = ClassUtils.isPresent(
			"org.springframework.security.core.authority.FactorGrantedAuthority", null);

	/** The one class allowed to name BouncyCastle (an optional dependency), loaded only when it is present. */
	private static final String BOUNCY_CASTLE_GUARDED = "dev.tglogin.oidc.Es256kIdTokenDecoders";

	/** Unlinkable reference → the class that makes it. */
	private static final TreeMap<String, String> unlinkable = new TreeMap<>();

	/** Reference to BouncyCastle, directly or through nimbus's {@code crypto.bc} → the class that makes it. */
	private static final TreeMap<String, String> bouncyCastle = new TreeMap<>();

	@BeforeAll
	static void readMainClasses() throws IOException, URISyntaxException {
		Path classes = Path.of(TelegramFactor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		try (Stream<Path> files = Files.walk(classes)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".class")).toList()) {
				try (InputStream in = Files.newInputStream(file)) {
					ClassReader reader = new ClassReader(in);
					reader.accept(new References(reader.getClassName().replace('/', '.')), ClassReader.SKIP_FRAMES);
				}
			}
		}
	}

	@Test
	void referencesWhenUnlinkableThenOnlyInGuardedPlaces() {
		assertThat(unlinkable.values().stream().map(LinkageTests::topOfGuard).distinct())
			.as("places that name what this Spring generation lacks: %s", unlinkable)
			.allMatch(GUARDED::contains);
	}

	@Test
	void referencesWhenOtherGenerationThenItsGuardedPlacesAreSeen() {
		// proves the reading works: each generation lacks what the other's guarded places name
		if (SECURITY_7) {
			assertThat(unlinkable).containsValue("dev.tglogin.autoconfigure.Boot3UpstreamHealthIndicator")
				.doesNotContainValue("dev.tglogin.config.TelegramFactorEntryPoint");
		}
		else {
			assertThat(unlinkable).containsValue("dev.tglogin.config.TelegramFactorEntryPoint")
				.containsValue("dev.tglogin.jackson.TelegramLoginJacksonModule")
				.containsValue("dev.tglogin.autoconfigure.UpstreamHealthIndicator")
				.doesNotContainValue("dev.tglogin.autoconfigure.Boot3UpstreamHealthIndicator");
		}
	}

	@Test
	void referencesWhenBouncyCastleThenOnlyInItsOneGuardedClass() {
		// on the test class path, so linkable: the place is checked here instead
		assertThat(bouncyCastle.values().stream().map((type) -> type.replaceFirst("\\$.*", "")))
			.as("places that name BouncyCastle: %s", bouncyCastle)
			.containsOnly(BOUNCY_CASTLE_GUARDED);
	}

	private static String topOfGuard(String type) {
		return GUARDED.stream().filter((guarded) -> type.equals(guarded) || type.startsWith(guarded + "$"))
			.findFirst()
			.orElse(type);
	}

	/**
	 * Records the reference when it does not link.
	 * @param from the class that makes it
	 * @param owner the internal name of the class referred to
	 * @param name the member's name, or {@code null} for the class alone
	 * @param descriptor the member's descriptor
	 * @param method whether the member is a method
	 */
	private static void check(String from, String owner, String name, String descriptor, boolean method) {
		if (owner.startsWith("[")) {
			return;
		}
		String reference = owner.replace('/', '.') + ((name != null) ? "." + name + descriptor : "");
		if (owner.startsWith("org/bouncycastle/") || owner.startsWith("com/nimbusds/jose/crypto/bc/")) {
			bouncyCastle.put(reference, from);
		}
		try {
			Class<?> type = Class.forName(owner.replace('/', '.'), false, LinkageTests.class.getClassLoader());
			if (name != null && !(method ? hasMethod(type, name, descriptor) : hasField(type, name, descriptor))) {
				unlinkable.put(reference, from);
			}
		}
		catch (ClassNotFoundException | LinkageError ex) {
			unlinkable.put(reference, from);
		}
	}

	private static boolean hasMethod(Class<?> type, String name, String descriptor) {
		if (name.equals("<init>")) {
			for (Constructor<?> constructor : type.getDeclaredConstructors()) {
				if (Type.getConstructorDescriptor(constructor).equals(descriptor)) {
					return true;
				}
			}
			return false;
		}
		return declaresMethod(type, name, descriptor);
	}

	private static boolean declaresMethod(Class<?> type, String name, String descriptor) {
		for (Method method : type.getDeclaredMethods()) {
			if (method.getName().equals(name) && (Type.getMethodDescriptor(method).equals(descriptor)
					|| type == java.lang.invoke.MethodHandle.class)) {
				return true;
			}
		}
		if (type == Object.class) {
			return false;
		}
		Class<?> superclass = (type.getSuperclass() != null) ? type.getSuperclass() : Object.class;
		return Stream.concat(Stream.of(type.getInterfaces()), Stream.of(superclass))
			.anyMatch((supertype) -> declaresMethod(supertype, name, descriptor));
	}

	private static boolean hasField(Class<?> type, String name, String descriptor) {
		for (Field field : type.getDeclaredFields()) {
			if (field.getName().equals(name) && Type.getDescriptor(field.getType()).equals(descriptor)) {
				return true;
			}
		}
		Class<?> superclass = type.getSuperclass();
		return Stream.concat(Stream.of(type.getInterfaces()), Stream.ofNullable(superclass))
			.anyMatch((supertype) -> hasField(supertype, name, descriptor));
	}

	/** Collects the classes, methods and fields one class's code refers to. */
	private static final class References extends ClassVisitor {

		private final String from;

		References(String from) {
			super(Opcodes.ASM9);
			this.from = from;
		}

		@Override
		public void visit(int version, int access, String name, String signature, String superName,
				String[] interfaces) {
			// a missing supertype fails loading the class itself
			if (superName != null) {
				check(this.from, superName, null, "", false);
			}
			for (String type : interfaces) {
				check(this.from, type, null, "", false);
			}
		}

		@Override
		public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
			checkType(Type.getType(descriptor));
			return null;
		}

		@Override
		public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
				String[] exceptions) {
			// reflection over the class (Spring's introspection of configurations and beans) resolves these
			checkType(Type.getReturnType(descriptor));
			for (Type argument : Type.getArgumentTypes(descriptor)) {
				checkType(argument);
			}
			return new MethodVisitor(Opcodes.ASM9) {

				@Override
				public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
						boolean isInterface) {
					check(References.this.from, owner, name, descriptor, true);
				}

				@Override
				public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
					check(References.this.from, owner, name, descriptor, false);
				}

				@Override
				public void visitTypeInsn(int opcode, String type) {
					check(References.this.from, type, null, "", false);
				}

				@Override
				public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
						Object... arguments) {
					for (Object argument : arguments) {
						if (argument instanceof Handle handle) {
							check(References.this.from, handle.getOwner(), handle.getName(), handle.getDesc(),
									handle.getTag() >= Opcodes.H_INVOKEVIRTUAL);
						}
					}
				}

			};
		}

		private void checkType(Type type) {
			Type element = (type.getSort() == Type.ARRAY) ? type.getElementType() : type;
			if (element.getSort() == Type.OBJECT) {
				check(this.from, element.getInternalName(), null, "", false);
			}
		}

	}

}
