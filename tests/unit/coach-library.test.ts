// The starter library's scenarios with the embedded coach: for every step, a plausible good
// answer written by hand (the way a trainee would say it, not a list of cue words) covers all
// the goals the step expects, and a vague answer gets the step's follow-up.
import { describe, expect, it } from "vitest";
import { readLibrary } from "../../server/services/content/library.ts";
import { replayScript } from "../../server/services/coach/embedded.ts";
import type { CoachScenario } from "../../server/services/coach/types.ts";
import { goalsCoveredBy } from "../../server/services/language/goals.ts";

/** Per scenario: the answer to the opening, then one good answer per step. */
const GOOD_ANSWERS: Record<string, string[]> = {
  "angry-customer-late-delivery": [
    "Hello, this is Sam from HomeLine customer service. How can I help you today?",
    "I'm so sorry about this, it really shouldn't have happened. I completely understand how frustrating it is to wait at home all day.",
    "Could you give me your order number, please? And can you confirm your delivery address?",
    "Thank you. I can offer you a priority delivery tomorrow morning, free of charge, and a refund of the delivery fee.",
    "I'll book the first slot tomorrow and email you a confirmation within the hour. I'll also call you personally tomorrow to make sure it arrived.",
  ],
  "asking-manager-for-feedback": [
    "Thanks, I'm really enjoying it. The team has been very welcoming.",
    "Yes, I wanted to ask for some feedback on how I'm doing so far.",
    "I'd especially like your thoughts on my weekly reports.",
    "That makes sense, thank you. I can see how the main point gets lost.",
    "I'll start my next report with a short summary, and maybe we could look at it together in our next one-to-one?",
  ],
  "behavioural-star-question": [
    "Good afternoon, thank you for inviting me back.",
    "Last year, when I was working at a small marketing agency, a client moved their product launch forward by two weeks. I was responsible for the whole email campaign.",
    "First I broke the work into daily tasks, then I spoke to the designer and we agreed on a simpler template. I also scheduled short check-ins with the client every morning.",
    "In the end we delivered the campaign on time, and the client was very happy with the results.",
    "I learned that breaking a big deadline into small steps makes it manageable. Since then I always plan the work backwards from the deadline.",
  ],
  "daily-stand-up-update": [
    "Morning! Sure.",
    "Yesterday I finished the login page and fixed two bugs in the search filter.",
    "Today I'm going to start on the password reset emails.",
    "I'm a bit blocked: I'm still waiting for access to the email service.",
    "Could someone from the platform team help me get that access after the stand-up?",
  ],
  "declining-a-request-politely": [
    "Sure, what's up?",
    "Thanks for thinking of me, I can see why the dashboard is important. Unfortunately I can't build it for Thursday.",
    "Because I'm finishing the quarterly board report, and it's due on Friday. My manager made it my top priority.",
    "I understand it comes from the directors. I'm not able to do the full dashboard this week, but what I can do is send you a simple draft with the three key numbers on Wednesday.",
    "Great, I'm glad that works. Let me know if the directors need anything else, and I'm happy to help with the full version next week.",
  ],
  "networking-small-talk": [
    "Ha, they are! I think you press the big button twice.",
    "Yes, it's my first time. I'm Alex, nice to meet you. I work in customer support, but I'm looking for a move into UX research.",
    "That sounds interesting! How did you get into healthcare design?",
    "Me too, I love talking to users, that's my favourite part of support. I also like hiking, actually.",
    "Could we connect on LinkedIn? I'd love to stay in touch and maybe have a coffee some time.",
  ],
  "salary-negotiation-offer": [
    "Hi Rachel, yes, thank you for sending it over.",
    "Thank you, I'm really excited about the role and the team.",
    "Based on my research, similar roles in the city pay between 56,000 and 60,000. With two years of experience with exactly the tools you use, I think 58,000 is fair.",
    "I understand the budget is fixed. Given my experience with your tools, would you consider a signing bonus, or a salary review after six months?",
    "That works for me, thank you. Could you send me the updated offer in writing?",
  ],
  "tell-me-about-yourself": [
    "Thank you, it's nice to meet you.",
    "I studied business administration, and for the last two years I've worked as a customer service assistant at a telecom company.",
    "I'd say I'm very organised. For example, I set up a shared calendar that cut our missed callbacks in half.",
    "I'm interested in this role because I want to grow into operations, and Brightwell's focus on customers really attracts me.",
    "Yes, could you tell me what a typical day looks like for the team?",
  ],
  "client-follow-up-call": [
    "Hello Mr Tanaka, this is Chris from CleanCo.",
    "I'm calling about the maintenance proposal I sent you last week. It'll only take five minutes.",
    "What do you think of it so far? Do you have any concerns?",
    "I understand. The price includes a four-hour response time, so you'd save on downtime, and in the long run it costs less.",
    "Alternatively, we could start with one site for three months as a pilot, so it fits your budget.",
    "I suggest I send you a revised proposal by Friday, and we book a short meeting next Tuesday to go through it.",
  ],
  "customer-support-billing-call": [
    "Thank you for calling Streamwise, my name is Priya. How can I help you?",
    "Of course, I'm happy to help with that.",
    "Could I have your email address so I can find your account?",
    "Let me check. Yes, I can see two charges of 12.99 on the third.",
    "I'm sorry about that. The first payment failed and the system retried it, so it went through twice. I've requested a refund for the second charge.",
    "You'll see the money back in three to five working days, and you'll get a confirmation email today. Is there anything else I can help with?",
  ],
  "recruiter-phone-screen": [
    "Hi Jordan, yes, it's a good time, thanks for calling.",
    "Yes, I'm definitely still interested in the role.",
    "I've worked as a receptionist at a dental practice for three years. I handle scheduling, patient calls and the office supplies.",
    "My notice period is two weeks, so I could start at the beginning of next month. For the interview, I'm available Tuesday or Thursday morning.",
    "Yes, what happens next, and how long does the process usually take?",
  ],
  "reference-check-call": [
    "Good morning, Ms Fischer.",
    "My name is Dana, I'm calling from Brightmart about Carlos Ruiz, who applied for a supervisor role with us. He gave your name as a reference. Do you have a few minutes?",
    "Thank you. Could you confirm his job title and how long he worked with you?",
    "That's helpful. What would you say his main strengths were?",
    "That's great to hear. Was there any area where he needed to improve or develop?",
    "Thank you, that's really helpful. Would you hire him again? Thanks for your time.",
  ],
};

/** Other plausible answers, worded differently: each covers at least one goal its step expects. */
const OTHER_ANSWERS: Record<string, string[]> = {
  "angry-customer-late-delivery": [
    "Hi, you're through to customer care.",
    "Oh no, I apologise for that. That must be really annoying after taking the day off.",
    "Can I take your order reference so I can look into it?",
    "I've arranged a new delivery for tomorrow between 8 and 10, and I'll refund the delivery charge.",
    "You'll get a text with the tracking link tonight, and I'll follow up with you personally tomorrow afternoon.",
  ],
  "asking-manager-for-feedback": [
    "Pretty well, thanks! I'm learning a lot.",
    "Yes, actually. I'd love to hear how you think I'm getting on.",
    "Mainly the client reports I've been writing.",
    "Good point. I didn't realise that, thanks for telling me.",
    "I'm going to put the key message at the top from now on. Can we check in again in two weeks?",
  ],
  "behavioural-star-question": [
    "Thanks for having me.",
    "In my last job at a logistics company, our biggest customer needed a new report in three days instead of two weeks, and I had to build it.",
    "I made a list of what they really needed, I asked a colleague to take over my other tasks, and I worked with the data team to get the numbers early.",
    "We sent the report a day early and the customer renewed their contract.",
    "It taught me to ask what is really essential before starting.",
  ],
  "daily-stand-up-update": [
    "Hi all.",
    "I wrapped up the API tests and reviewed Mia's pull request.",
    "This morning I'll work on the export feature.",
    "No blockers for me, I'm on track.",
    "Not really, but I'd like to sync with Tom about the export format after this.",
  ],
  "declining-a-request-politely": [
    "Of course, go ahead.",
    "I really appreciate you asking, and I know it matters. I'm afraid I can't take it on this week.",
    "My schedule is full with the quarterly report, which has a hard deadline on Friday.",
    "I hear you. Unfortunately it's still not possible for me, but how about I share a template so someone else can build it?",
    "Thanks for understanding. Feel free to come back to me next week.",
  ],
  "networking-small-talk": [
    "Me neither, honestly!",
    "It is, yes! I'm Sam. I'm a junior developer at a small agency.",
    "What are you working on at the moment?",
    "Same here, I really enjoy cooking as well.",
    "Would you like to swap contact details? Here's my card.",
  ],
  "salary-negotiation-offer": [
    "Hello Rachel, yes I have.",
    "I'm very happy to get the offer and I'd love to join the team.",
    "I was hoping for something closer to 58,000, because that's the average for this kind of role here, and I already know the tools you use.",
    "I see. Could we look at other options, like extra holiday or a training budget?",
    "Yes, that works. So to confirm, 55,000 with a review after six months. Could you put that in the contract?",
  ],
  "tell-me-about-yourself": [
    "Thanks, happy to be here.",
    "Sure. I have a degree in communication, and I currently work in a call centre, where I've been for three years.",
    "I'm good at staying calm under pressure. For instance, during a system outage I handled over a hundred calls in a day.",
    "I'd like to move into a coordinating role, and I like that your team focuses on customers.",
    "I'd like to know how you measure success in the first six months.",
  ],
  "client-follow-up-call": [
    "Good morning, it's Chris from CleanCo.",
    "I'm following up on the proposal we sent you last week.",
    "I'd like to hear your feedback. How does it look to you?",
    "Our service is more reliable, and the price includes all the repairs, so you reduce your total cost.",
    "We could adjust the scope, for example a shorter contract to begin with.",
    "Let's agree that I send you the new numbers by Friday, and I'll call you on Tuesday.",
  ],
  "customer-support-billing-call": [
    "Good morning, Streamwise support, this is Priya speaking.",
    "Sure, how can I help?",
    "Can you confirm your account email for me?",
    "So if I understand correctly, you were charged twice on the third. Let me have a look.",
    "The system made an error and charged you twice. I'm sorry, I've processed a refund.",
    "It should be back within three to five working days. Is there anything else I can do for you?",
  ],
  "recruiter-phone-screen": [
    "Yes, now's fine.",
    "Yes, very much so!",
    "I was an office assistant for two years, handling bookings, phone calls and customer questions.",
    "I'd need to give two weeks' notice. I'm free for an interview any day next week after 2 pm.",
    "Could you tell me what the next step is?",
  ],
  "reference-check-call": [
    "Hello.",
    "Hi Anne, this is Dana from Brightmart. I'm calling for a reference for Carlos, is now a good time?",
    "Could you tell me what his role was and when he worked with you?",
    "How would you describe his work? What was he particularly good at?",
    "Is there anything he could do better?",
    "Would you recommend him for a supervisor role? Thank you so much for your time.",
  ],
};
const VAGUE = "I don't know, maybe.";

const scenarios = readLibrary()
  .filter((f) => f.item.type === "CHAT_SCENARIO" || f.item.type === "CALL_SCENARIO")
  .map((f) => ({ key: f.key, scenario: { type: f.item.type, title: f.item.title, data: f.item.data } as CoachScenario }));

describe("the starter library with the embedded coach", () => {
  it("has a hand-written answer for every scenario and step", () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(12);
    for (const { key, scenario } of scenarios) {
      expect([key, GOOD_ANSWERS[key]?.length, OTHER_ANSWERS[key]?.length]).toEqual([key, scenario.data.steps.length + 1, scenario.data.steps.length + 1]);
    }
  });

  for (const { key, scenario } of scenarios) {
    it(`${key}: a good answer to each step covers the goals it expects, and the coach moves on`, () => {
      const answers = GOOD_ANSWERS[key]!;
      const missed: string[] = [];
      scenario.data.steps.forEach((step, i) => {
        const expects = scenario.data.goals.filter((g) => step.expects?.includes(g.id));
        const covered = goalsCoveredBy(expects, answers[i + 1]!);
        for (const g of expects) if (!covered.includes(g.id)) missed.push(`step ${step.id}: goal ${g.id} not covered by "${answers[i + 1]}"`);
      });
      expect(missed).toEqual([]);
      // Played through, the script needs no follow-up and ends with the closing.
      const { lines } = replayScript(scenario, answers);
      expect(lines.map((l) => l.kind)).toEqual([...scenario.data.steps.map(() => "step"), "closing"]);
      expect(lines.at(-1)!.finished).toBe(true);
    });

    it(`${key}: differently worded answers also move the conversation on without follow-ups`, () => {
      const { lines } = replayScript(scenario, OTHER_ANSWERS[key]!);
      expect(lines.map((l) => l.kind)).toEqual([...scenario.data.steps.map(() => "step"), "closing"]);
    });

    it(`${key}: a vague answer gets each step's follow-up`, () => {
      scenario.data.steps.forEach((step, i) => {
        if (!step.expects?.length || !step.followUp) return;
        // Good answers up to this step, then the vague one.
        const { lines } = replayScript(scenario, [...GOOD_ANSWERS[key]!.slice(0, i + 1), VAGUE]);
        const last = lines.at(-1)!;
        expect([step.id, last.kind, last.line]).toEqual([step.id, "follow-up", step.followUp]);
      });
    });
  }
});
