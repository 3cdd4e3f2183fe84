package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Builds a deterministic, realistic workspace: for the same seed and user count, the same ids, names,
 * relations and values. Timestamps are offsets from today's UTC midnight (the last 90 days), so two
 * sandboxes seeded on the same day are identical.
 */
final class Seeder {
    private static final String[] FIRST = {"Olivia", "Liam", "Emma", "Noah", "Amelia", "Oliver", "Ava", "Elijah", "Sophia", "Mateo",
            "Isabella", "Lucas", "Mia", "Levi", "Charlotte", "Asher", "Harper", "James", "Evelyn", "Leo", "Aisha", "Kenji",
            "Priya", "Chen", "Fatima", "Diego", "Ingrid", "Tomasz", "Zoe", "Ravi", "Sade", "Mikael", "Ines", "Yuki", "Omar", "Lena"};
    private static final String[] LAST = {"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
            "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
            "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Nakamura", "Kowalski", "Okafor", "Lindqvist",
            "Patel", "Nguyen", "O'Brien", "Müller", "Dubois"};
    private static final String[] MAIL = {"gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com", "fastmail.com"};
    private static final String[] CO_A = {"Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay", "Soylent",
            "Tyrell", "Cyberdyne", "Wonka", "Gringotts", "Oscorp", "Aperture", "Monarch", "Pied Piper", "Dunder", "Bluth", "Prestige"};
    private static final String[] CO_B = {"Labs", "Systems", "Analytics", "Logistics", "Health", "Foods", "Robotics", "Capital",
            "Media", "Energy", "Works", "Networks"};
    private static final String[] INDUSTRY = {"SaaS", "ecommerce", "Healthcare", "Finance", "Logistics", "Media", "Education", "Energy"};
    private static final String[] PLANS = {"free", "starter", "pro", "enterprise"};
    private static final String[] TAGS = {"beta", "churn-risk", "newsletter", "vip", "webinar-2024", "onboarded", "power-user",
            "needs-followup", "partner", "trial", "mobile", "api", "eu", "us", "apac", "upsell"};
    private static final String[] CITIES = {"London", "Berlin", "Dublin", "New York", "San Francisco", "Tokyo", "Sydney", "Paris", "Toronto"};
    private static final String[] COUNTRIES = {"United Kingdom", "Germany", "Ireland", "United States", "United States", "Japan",
            "Australia", "France", "Canada"};
    private static final String[] LINES = {"Hi, I can't log in since this morning.", "How do I export my data?",
            "Thanks, that worked!", "Could you look at invoice #", "We'd like to upgrade our plan.", "Is there an API for this?",
            "The mobile app crashes on start.", "Following up on my previous message.", "Great, closing this out."};

    private static final String[] BODIES = java.util.Arrays.stream(LINES).map(l -> "<p>" + l + "</p>").toArray(String[]::new);

    private final Workspace ws;
    private final Random rnd;
    private final long anchor;

    Seeder(Workspace ws, long seed) {
        this.ws = ws;
        this.rnd = new Random(seed);
        this.anchor = LocalDate.now(ZoneOffset.UTC).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    }

    private <T> T pick(T[] a) {
        return a[rnd.nextInt(a.length)];
    }

    private long inWindow() {
        return anchor - 90L * 86400 + (long) (rnd.nextDouble() * 90 * 86400);
    }

    private long between(long from, long to) {
        return to <= from ? from : from + (long) (rnd.nextDouble() * (to - from));
    }

    private static ObjectNode author(String type, String id, com.fasterxml.jackson.databind.JsonNode name, String email) {
        ObjectNode a = Json.obj();
        a.put("type", type);
        a.put("id", id);
        a.set("name", name == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : name);
        a.put("email", email);
        a.put("from_ai_agent", false);
        a.put("is_ai_answer", false);
        return a;
    }

    void seed(int users) {
        int adminCount = users > 0 ? 4 : 1;
        String[] adminNames = {"Ciara Lee", "Marcus Webb", "Ana Sousa", "Devon Park", "Hana Ito"};
        for (int i = 0; i < adminCount; i++) {
            ObjectNode a = Json.obj();
            a.put("type", "admin");
            a.put("id", Long.toString(991267400L + i));
            a.put("name", i == 0 && users == 0 ? "Sandbox Admin" : adminNames[i]);
            a.put("email", (i == 0 && users == 0 ? "sandbox.admin" : adminNames[i].toLowerCase(Locale.ROOT).replace(' ', '.')) + "@example.com");
            a.put("job_title", i == 0 ? "Support Lead" : "Support Engineer");
            a.put("away_mode_enabled", false);
            a.put("away_mode_reassign", false);
            a.put("has_inbox_seat", true);
            a.putArray("team_ids");
            ws.admins.add(a);
        }
        if (users <= 0) {
            return;
        }
        String[] teamNames = {"Support", "Success"};
        for (int t = 0; t < 2; t++) {
            ObjectNode team = Json.obj();
            long teamId = 814865L + t;
            team.put("type", "team");
            team.put("id", Long.toString(teamId));
            team.put("name", teamNames[t]);
            ArrayNode ids = team.putArray("admin_ids");
            for (int i = t; i < adminCount; i += 2) {
                ids.add(991267400L + i);
                ((ArrayNode) ws.admins.get(i).get("team_ids")).add(teamId);
            }
            ObjectNode prio = team.putObject("admin_priority_level");
            prio.putArray("primary_admin_ids");
            prio.putArray("secondary_admin_ids");
            team.putNull("assignment_limit");
            team.put("distribution_method", "round_robin");
            ws.teams.add(team);
        }
        long attrTime = anchor - 200L * 86400;
        ws.attributes.add("contact", "plan", "string", List.of(), "Subscription plan", attrTime);
        ws.attributes.add("contact", "seats", "integer", List.of(), "Licensed seats", attrTime);
        ws.attributes.add("contact", "mrr", "float", List.of(), "Monthly recurring revenue", attrTime);
        ws.attributes.add("contact", "vip", "boolean", List.of(), "VIP customer", attrTime);
        ws.attributes.add("contact", "trial_ends_at", "date", List.of(), "End of trial", attrTime);
        ws.attributes.add("company", "tier", "string", List.of(), "Account tier", attrTime);
        ws.attributes.add("company", "employees", "integer", List.of(), "Head count", attrTime);
        ws.attributes.add("company", "arr", "float", List.of(), "Annual recurring revenue", attrTime);
        ws.attributes.add("company", "enterprise", "boolean", List.of(), "Enterprise account", attrTime);
        ws.attributes.add("company", "renewal_at", "date", List.of(), "Next renewal", attrTime);
        for (int i = 0; i < TAGS.length; i++) {
            ws.tags.put(Long.toString(7522900L + i), TAGS[i]);
        }
        List<String> tagIds = new ArrayList<>(ws.tags.keySet());

        // segments
        String[][] people = {{"Active users", "user"}, {"All leads", "contact"}, {"VIP", "user"}, {"Trialists", "user"}};
        for (int i = 0; i < people.length; i++) {
            Workspace.Segment s = new Workspace.Segment();
            s.id = Workspace.hexId(0x5e6e0000, i + 1);
            s.name = people[i][0];
            s.personType = people[i][1];
            s.createdAt = anchor - 300L * 86400 + i * 3600;
            s.updatedAt = s.createdAt + 86400;
            long active = anchor - 30L * 86400;
            switch (i) {
                case 0:
                    s.contactRule = c -> "user".equals(c.data.path("role").asText()) && c.data.path("last_seen_at").asLong(0) >= active;
                    break;
                case 1:
                    s.contactRule = c -> "lead".equals(c.data.path("role").asText());
                    break;
                case 2:
                    s.contactRule = c -> c.data.path("custom_attributes").path("vip").asBoolean(false);
                    break;
                default:
                    s.contactRule = c -> c.data.path("custom_attributes").path("trial_ends_at").asLong(0) > anchor;
            }
            ws.segments.add(s);
        }
        List<Workspace.Segment> companySegments = new ArrayList<>();
        String[] coSeg = {"Enterprise companies", "Churn-risk companies"};
        for (int i = 0; i < coSeg.length; i++) {
            Workspace.Segment s = new Workspace.Segment();
            s.id = Workspace.hexId(0x5e6e0001, i + 1);
            s.name = coSeg[i];
            s.personType = "company";
            s.createdAt = anchor - 250L * 86400 + i * 3600;
            s.updatedAt = s.createdAt + 86400;
            ws.segments.add(s);
            companySegments.add(s);
        }

        // companies
        int companyCount = Math.max(1, users / 10);
        List<Companies.CompanyRec> cos = new ArrayList<>();
        for (int i = 0; i < companyCount; i++) {
            long s = ws.seq++;
            Companies.CompanyRec c = new Companies.CompanyRec(Workspace.hexId(0x6650c0de, s), s);
            long created = inWindow();
            ObjectNode d = ws.companies.newCompanyData(c.id, String.format("org_%05d", i + 1), created);
            String name = pick(CO_A) + " " + pick(CO_B) + (i >= CO_A.length * CO_B.length ? " " + (i + 1) : "");
            d.put("name", name);
            d.put("remote_created_at", created - between(86400, 3L * 365 * 86400));
            d.put("updated_at", between(created, anchor));
            d.put("last_request_at", between(created, anchor));
            d.put("size", 5 + rnd.nextInt(5000));
            d.put("website", "https://www." + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "") + ".example");
            d.put("industry", pick(INDUSTRY));
            d.put("monthly_spend", rnd.nextInt(20000));
            d.put("session_count", rnd.nextInt(500));
            String plan = pick(PLANS);
            ObjectNode p = d.putObject("plan");
            p.put("type", "plan");
            p.put("id", Integer.toString(Math.abs(plan.hashCode() % 900000) + 100000));
            p.put("name", plan);
            ObjectNode ca = (ObjectNode) d.get("custom_attributes");
            ca.put("tier", plan.equals("enterprise") ? "gold" : pick(new String[]{"bronze", "silver"}));
            ca.put("employees", d.get("size").asInt());
            ca.put("arr", Math.round(rnd.nextDouble() * 1_000_000) / 100.0);
            ca.put("enterprise", plan.equals("enterprise"));
            ca.put("renewal_at", anchor + rnd.nextInt(365) * 86400L);
            c.data = d;
            if (plan.equals("enterprise")) {
                c.segmentIds.add(companySegments.get(0).id);
            }
            if (rnd.nextInt(5) == 0) {
                c.segmentIds.add(companySegments.get(1).id);
            }
            if (rnd.nextInt(3) == 0) {
                c.tagIds.add(tagIds.get(rnd.nextInt(tagIds.size())));
            }
            ws.companiesById.put(c.id, c);
            ws.companyByCompanyId.put(d.get("company_id").asText(), c.id);
            cos.add(c);
        }

        // contacts
        int leads = users / 5;
        List<Contacts.ContactRec> userRecs = new ArrayList<>();
        for (int i = 0; i < users + leads; i++) {
            boolean lead = i >= users;
            long s = ws.seq++;
            String id = Workspace.hexId(0x6650a1b2, s);
            long created = inWindow();
            ObjectNode d = Contacts.newContactData(ws.workspaceId, id, lead ? "lead" : "user", created);
            Contacts.ContactRec c = new Contacts.ContactRec(id, s);
            String first = pick(FIRST);
            String last = pick(LAST);
            String local = (first + "." + last).toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "");
            if (!lead) {
                d.put("external_id", String.format("usr_%06d", i + 1));
            }
            if (!lead || rnd.nextInt(3) > 0) {
                String email = local + (i + 1) + "@" + pick(MAIL);
                d.put("email", email);
                d.put("email_domain", email.substring(email.indexOf('@') + 1));
            }
            if (!lead || rnd.nextBoolean()) {
                d.put("name", first + " " + last);
            }
            if (rnd.nextInt(4) == 0) {
                d.put("phone", String.format("+1 555 %03d %04d", rnd.nextInt(1000), rnd.nextInt(10000)));
            }
            long updated = between(created, anchor);
            d.put("updated_at", updated);
            if (!lead) {
                d.put("signed_up_at", created - rnd.nextInt(30 * 86400));
            }
            d.put("last_seen_at", between(created, anchor));
            d.put("owner_id", ws.admins.get(rnd.nextInt(ws.admins.size())).get("id").asText());
            int city = rnd.nextInt(CITIES.length);
            ObjectNode loc = (ObjectNode) d.get("location");
            loc.put("country", COUNTRIES[city]);
            loc.put("city", CITIES[city]);
            ObjectNode ca = (ObjectNode) d.get("custom_attributes");
            if (!lead) {
                ca.put("plan", pick(PLANS));
                ca.put("seats", 1 + rnd.nextInt(250));
                ca.put("mrr", Math.round(rnd.nextDouble() * 500000) / 100.0);
                ca.put("vip", rnd.nextInt(10) == 0);
                if (rnd.nextInt(4) == 0) {
                    ca.put("trial_ends_at", anchor + (rnd.nextInt(60) - 30) * 86400L);
                }
            }
            c.data = d;
            int tagCount = (i % 25 == 3) ? 12 : (rnd.nextInt(10) < 3 ? 1 + rnd.nextInt(3) : 0);
            List<String> pool = new ArrayList<>(tagIds);
            for (int t = 0; t < tagCount; t++) {
                c.tagIds.add(pool.remove(rnd.nextInt(pool.size())));
            }
            if (!lead && rnd.nextInt(10) < 7) {
                Companies.CompanyRec co = cos.get(rnd.nextInt(cos.size()));
                c.companyIds.add(co.id);
                co.contactIds.add(c.id);
                if (rnd.nextInt(10) == 0) {
                    Companies.CompanyRec co2 = cos.get(rnd.nextInt(cos.size()));
                    if (c.companyIds.add(co2.id)) {
                        co2.contactIds.add(c.id);
                    }
                }
            }
            ws.contacts.insert(c, 0L);
            if (!lead) {
                userRecs.add(c);
            }
        }

        // conversations
        int convCount = users / 2;
        for (int i = 0; i < convCount; i++) {
            Conversations.ConvRec conv = new Conversations.ConvRec();
            conv.id = 100_000L + i;
            conv.seq = ws.seq++;
            Contacts.ContactRec who = userRecs.get(rnd.nextInt(userRecs.size()));
            ObjectNode admin = ws.admins.get(rnd.nextInt(ws.admins.size()));
            long created = inWindow();
            int parts = (i == 0 && users >= 20) ? 520 : (i % 10 == 5 ? 21 + rnd.nextInt(20) : 2 + rnd.nextInt(7));
            long t = created;
            ObjectNode adminAuthor = author("admin", admin.get("id").asText(), admin.get("name"), admin.get("email").asText());
            ObjectNode userAuthor = author("user", who.id, who.data.get("name"), who.data.get("email").asText());
            for (int p = 0; p < parts; p++) {
                t = Math.min(anchor - 1, t + 60 + rnd.nextInt(6 * 3600));
                boolean fromAdmin = p % 2 == 1;
                conv.parts.add(new Conversations.Part(conv.id * 1000 + p, fromAdmin ? "comment" : (p == 0 ? "open" : "comment"),
                        BODIES[rnd.nextInt(BODIES.length)], t, fromAdmin ? adminAuthor : userAuthor));
            }
            String state = pick(new String[]{"open", "closed", "closed", "snoozed"});
            ObjectNode d = Json.obj();
            d.put("type", "conversation");
            d.put("id", Long.toString(conv.id));
            d.putNull("title");
            d.put("created_at", created);
            d.put("updated_at", t);
            if (state.equals("open")) {
                d.put("waiting_since", t);
            } else {
                d.putNull("waiting_since");
            }
            if (state.equals("snoozed")) {
                d.put("snoozed_until", anchor + 86400);
            } else {
                d.putNull("snoozed_until");
            }
            d.put("open", !state.equals("closed"));
            d.put("state", state);
            d.put("read", rnd.nextBoolean());
            d.put("priority", rnd.nextInt(8) == 0 ? "high" : "none");
            d.put("admin_assignee_id", Long.parseLong(admin.get("id").asText()));
            d.put("team_assignee_id", Long.parseLong(ws.teams.get(rnd.nextInt(ws.teams.size())).get("id").asText()));
            ObjectNode tags = d.putObject("tags");
            tags.put("type", "tag.list");
            ArrayNode tarr = tags.putArray("tags");
            if (rnd.nextInt(4) == 0) {
                String tid = tagIds.get(rnd.nextInt(tagIds.size()));
                ObjectNode tag = tarr.addObject();
                tag.put("type", "tag");
                tag.put("id", tid);
                tag.put("name", ws.tags.get(tid));
                tag.put("applied_at", created);
                ObjectNode by = tag.putObject("applied_by");
                by.put("type", "admin");
                by.put("id", admin.get("id").asText());
            }
            ObjectNode source = d.putObject("source");
            source.put("type", "conversation");
            source.put("id", Long.toString(conv.id * 10));
            source.put("delivered_as", "customer_initiated");
            source.put("subject", "");
            source.put("body", conv.parts.get(0).body());
            ObjectNode sa = source.putObject("author");
            sa.put("type", "user");
            sa.put("id", who.id);
            sa.set("name", who.data.get("name"));
            sa.put("email", who.data.get("email").asText());
            source.putArray("attachments");
            source.putNull("url");
            source.put("redacted", false);
            ObjectNode cs = d.putObject("contacts");
            cs.put("type", "contact.list");
            ObjectNode ref = cs.putArray("contacts").addObject();
            ref.put("type", "contact");
            ref.put("id", who.id);
            ref.set("external_id", who.data.get("external_id"));
            ObjectNode tm = d.putObject("teammates");
            tm.put("type", "admin.list");
            ObjectNode tref = tm.putArray("teammates").addObject();
            tref.put("type", "admin");
            tref.put("id", admin.get("id").asText());
            d.putObject("custom_attributes");
            ObjectNode stats = d.putObject("statistics");
            stats.put("type", "conversation_statistics");
            stats.put("count_conversation_parts", parts);
            stats.put("count_reopens", 0);
            stats.put("count_assignments", 1);
            d.put("ai_agent_participated", false);
            conv.data = d;
            ws.conversationsById.put(conv.id, conv);
        }
    }
}
