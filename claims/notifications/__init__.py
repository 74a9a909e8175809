"""Notifications: what happened to a claim, told to the people it concerns.

- models.py: `Notification` (one per recipient and event, unique `key`: writing it twice writes it
  once) and `NotificationPreference` (instant, daily digest or off, per channel);
- events.py: the events, written by the workflow services inside their transaction (the in-app
  notification commits with the event or not at all) and by the due-date beat task;
- channels.py: email (Django's email backend) and the desk's chat webhook (Slack-compatible JSON,
  through `factcheck.outbound`);
- services.py: delivery (instant and digest), read / unread, preferences;
- tasks.py: the Celery tasks that send; nothing is sent in a request.
"""
