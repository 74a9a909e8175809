"""Page furniture around real claims, as pages come out of a scraper: one line a paragraph.

Each document is a list of (line, label): "claim" lines must be kept, "furniture" lines must not
be, and "vague" lines (nothing checkable) may be kept but must rank below every line with a
figure in the same document."""

from __future__ import annotations

FurnitureDoc = list[tuple[str, str]]

DOCS: list[FurnitureDoc] = [
    [
        ("Updated 2 hours ago", "furniture"),
        ("17 minutes ago", "furniture"),
        ("The city council approved a $45 million budget for road repairs on Tuesday.", "claim"),
        ("Analysts said many investors appear optimistic about the plan.", "vague"),
        ("Leave a reply", "furniture"),
        ("Only a member of this blog may post a comment.", "furniture"),
        ("12 comments", "furniture"),
    ],
    [
        ("Sign up for our morning newsletter and get the top stories in your inbox.", "furniture"),
        (
            "Unemployment in the province fell to 5.2% in March, the statistics office said.",
            "claim",
        ),
        ("We use cookies to improve your experience on our site.", "furniture"),
        ("By continuing to browse you agree to our use of cookies.", "furniture"),
        ("Share this article on Facebook, Twitter or WhatsApp", "furniture"),
        ("Observers say the mood in the capital has changed a great deal.", "vague"),
    ],
    [
        ("Photo: John Smith / Reuters", "furniture"),
        ("A firefighter walks past a burned house in the hills above the town.", "furniture"),
        ("The fire has destroyed 320 homes and forced 12,000 people to flee.", "claim"),
        ("Related", "furniture"),
        ("Storm leaves thousands without power in the north", "furniture"),
        ("Mayor unveils plan for new metro line", "furniture"),
        ("Police name suspect in bank robbery", "furniture"),
        ("Schools to reopen after flood damage repaired", "furniture"),
    ],
    [
        ("Posted 3 days ago", "furniture"),
        ("The minister said exports to Europe rose 14 percent last year.", "claim"),
        ("Many people feel things could be better.", "vague"),
        ("Click to share on LinkedIn (Opens in new window)", "furniture"),
        ("Subscribe to continue reading this article.", "furniture"),
        ("Be the first to comment", "furniture"),
    ],
    [
        ("Most Read", "furniture"),
        ("Inflation hits two-year high as fuel prices climb", "furniture"),
        ("Court rejects appeal in landmark privacy case", "furniture"),
        ("Opposition leader calls for early election", "furniture"),
        ("The central bank raised its key rate by 50 basis points to 4.25% on Thursday.", "claim"),
        ("Experts believe the outlook remains uncertain.", "vague"),
        ("Image credit: Getty Images", "furniture"),
    ],
    [
        ("Published 45 minutes ago", "furniture"),
        ("Rescue teams pulled 23 survivors from the collapsed building overnight.", "claim"),
        ("The company was founded in 1998 and employs 4,000 people.", "claim"),
        ("Officials described the situation as difficult.", "vague"),
        ("Log in or register to post comments", "furniture"),
        ("Follow us on Instagram for the latest updates", "furniture"),
        ("Copyright 2024 The Daily Courier. All rights reserved.", "furniture"),
    ],
    [
        ("Listen to this article", "furniture"),
        ("5 min read", "furniture"),
        (
            "The airline carried 3.5 million passengers in June, 9% more than a year earlier.",
            "claim",
        ),
        ("Executives remain confident about the months ahead.", "vague"),
        ("Don't miss out: get our breaking news alerts", "furniture"),
        ("Advertisement", "furniture"),
        ("This article was amended on 3 May to correct a date.", "furniture"),
    ],
    [
        ("Last modified on Fri 12 Apr 2024 10.30 BST", "furniture"),
        ("The government will spend 2 billion euros on rail upgrades over five years.", "claim"),
        ("Share on Facebook", "furniture"),
        ("Reporting by Jane Doe; Editing by Mark Roe", "furniture"),
        ("Our Standards: The Thomson Reuters Trust Principles.", "furniture"),
        ("Supporters said the mood among members was upbeat.", "vague"),
    ],
    [
        ("More on this story", "furniture"),
        ("Rail strike to go ahead next week", "furniture"),
        ("Union rejects latest pay offer", "furniture"),
        ("What the strike means for commuters", "furniture"),
        ("Union members voted by 82% to 18% to reject the offer, the union said.", "claim"),
        ("Many observers think the dispute could drag on.", "vague"),
    ],
    [
        ("Comments are closed.", "furniture"),
        ("You must be logged in to post a comment.", "furniture"),
        ("The drought has cut the wheat harvest by a third, the farm ministry said.", "claim"),
        ("Farmers are worried about what comes next.", "vague"),
        (
            "Enter your email address to subscribe to this blog and receive notifications.",
            "furniture",
        ),
        ("Photograph: Anna Lee/AP", "furniture"),
    ],
    [
        ("Listen to this article, 4 min", "furniture"),
        ("6 min read", "furniture"),
        ("The council spent $4.2 million on road repairs in 2023, up 12 percent.", "claim"),
        ("Residents said the roads still seem bumpy.", "vague"),
    ],
    [
        ("Page 2 of 5", "furniture"),
        ("Read 5 comments.", "furniture"),
        ("Sales grew 2%.", "claim"),
        ("Turnout was 61%.", "claim"),
        ("The outlook is uncertain, analysts said.", "vague"),
    ],
    [
        ("This content is not available due to your privacy preferences.", "furniture"),
        ("Download our app for the best experience.", "furniture"),
        ("First published on Mon 4 Mar 2024 10.30 GMT", "furniture"),
        ("Published in 1851, the paper sold 5,000 copies a day.", "claim"),
        ("Readers seem to like the new design.", "vague"),
    ],
    # Written for issue 16, fourth pass: an archive banner, a newsletter prompt that runs on.
    [
        ("This article is more than 5 years old.", "furniture"),
        (
            "Sign up for our newsletter to get the 5 biggest stories in your inbox every morning.",
            "furniture",
        ),
        ("The regulator fined the bank $2.1 billion in 2019 over the scheme.", "claim"),
        ("The article is more than 5,000 words long, its editor said.", "claim"),
    ],
    # Gallery counters, offers, paywall meters and links that carry a digit.
    [
        ("Image 1 of 12", "furniture"),
        ("Slide 3 of 10", "furniture"),
        ("Related: 5 things to know about the new tax", "furniture"),
        ("Read the full report (PDF, 2.3MB)", "furniture"),
        ("Get 3 months for $1.", "furniture"),
        ("Join 1.5 million subscribers.", "furniture"),
        ("Only 2 articles left this month.", "furniture"),
        ("Only 2 of the 12 reactors were running in 2023, the regulator said.", "claim"),
        ("The new tax will raise $4.5 billion over five years, officials said.", "claim"),
    ],
]
