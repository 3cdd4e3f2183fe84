package io.intercomsync.imports;

import io.intercomsync.intercom.DataAttribute;
import io.intercomsync.mapping.AttributeType;
import io.intercomsync.mapping.CustomAttribute;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares the mapping's custom attributes with the ones the workspace has, before anything is
 * written: Intercom refuses a whole request for one unknown attribute, so a mismatch found here
 * saves a run full of failed rows.
 */
public final class AttributeCheck {
    private AttributeCheck() {
    }

    /** A mapped attribute the workspace lacks ({@code actualType} null) or has with another type. */
    public record Problem(String model, String name, AttributeType declared, String actualType) {
        public boolean missing() {
            return actualType == null;
        }

        public String describe() {
            return missing()
                    ? model + " attribute '" + name + "' (" + declared.intercomDataType() + ") does not exist"
                    : model + " attribute '" + name + "' is " + actualType + " in Intercom but the mapping declares " + declared.intercomDataType();
        }
    }

    public static List<Problem> compare(String model, List<CustomAttribute> mapped, List<DataAttribute> existing) {
        Map<String, DataAttribute> byName = existing.stream()
                .collect(Collectors.toMap(DataAttribute::name, Function.identity(), (a, b) -> a));
        List<Problem> problems = new ArrayList<>();
        for (CustomAttribute attribute : mapped) {
            DataAttribute found = byName.get(attribute.name());
            if (found == null) {
                problems.add(new Problem(model, attribute.name(), attribute.type(), null));
            } else if (!compatible(attribute.type(), found.dataType())) {
                problems.add(new Problem(model, attribute.name(), attribute.type(), found.dataType()));
            }
        }
        return problems;
    }

    static boolean compatible(AttributeType declared, String intercomType) {
        String t = intercomType == null ? "" : intercomType.toLowerCase(java.util.Locale.ROOT);
        return switch (declared) {
            case DATE -> t.equals("date") || t.equals("datetime");
            default -> t.equals(declared.intercomDataType());
        };
    }

    /** One message naming every problem, for the run's error. */
    public static String message(List<Problem> problems, boolean canCreate) {
        String list = problems.stream().map(Problem::describe).collect(Collectors.joining("; "));
        boolean anyMissing = problems.stream().anyMatch(Problem::missing);
        return "the mapping does not match the workspace's attributes: " + list
                + (anyMissing && !canCreate ? ". Create them in Intercom, or set mapping.create-missing-attributes=true" : "");
    }
}
