"""Riverside's neighborhoods and the venues where events happen."""

from demo.records import NeighborhoodSpec, VenueSpec

NEIGHBORHOODS = (
    NeighborhoodSpec(name="Downtown", slug="downtown", district="Central District"),
    NeighborhoodSpec(name="Old Town", slug="old-town", district="Central District"),
    NeighborhoodSpec(name="Eastside", slug="eastside", district="East District"),
    NeighborhoodSpec(name="Hillcrest", slug="hillcrest", district="North District"),
    NeighborhoodSpec(name="Riverfront", slug="riverfront", district="West District"),
    NeighborhoodSpec(name="Maple Park", slug="maple-park", district="South District"),
)

VENUES = (
    VenueSpec(
        name="Common Grounds Café",
        neighborhood="downtown",
        address="412 Main St, Riverside",
        latitude="45.523100",
        longitude="-122.676500",
        accessibility_notes="Step-free entrance. Accessible restroom.",
        directions=(
            "On Main St between 4th and 5th, across from the bank. Bus 12 stops at "
            "the corner of 4th."
        ),
    ),
    VenueSpec(
        name="Riverside Central Library, Meeting Room B",
        neighborhood="downtown",
        address="801 Library Way, Riverside",
        latitude="45.519000",
        longitude="-122.681000",
        accessibility_notes="Elevator to 2nd floor. Hearing loop installed.",
        directions=(
            "Main entrance on Library Way; take the elevator to the 2nd floor, "
            "Meeting Room B is on the left."
        ),
    ),
    VenueSpec(
        name="Old Town Community Center",
        neighborhood="old-town",
        address="23 Mill St, Riverside",
        latitude="45.527400",
        longitude="-122.670200",
        accessibility_notes="Ramp at the side door on Mill St. Free parking behind the building.",
        directions=(
            "The building with the green awning. Use the side door on Mill St; the "
            "hall is straight ahead."
        ),
    ),
    VenueSpec(
        name="Eastside Recreation Center",
        neighborhood="eastside",
        address="1550 E Burnside Ave, Riverside",
        latitude="45.522800",
        longitude="-122.640100",
        accessibility_notes="Step-free. Bus 20 stops in front.",
    ),
    VenueSpec(
        name="Eastside Elementary School Gym",
        neighborhood="eastside",
        address="2020 E Oak St, Riverside",
        accessibility_notes="Enter through the main office; step-free.",
    ),
    VenueSpec(
        name="Hillcrest Fire Station 7",
        neighborhood="hillcrest",
        address="700 Ridge Rd, Riverside",
        latitude="45.545300",
        longitude="-122.690800",
        accessibility_notes="Parking lot is gravel; call ahead for drop-off at the door.",
    ),
    VenueSpec(
        name="Hillcrest Branch Library",
        neighborhood="hillcrest",
        address="915 Ridge Rd, Riverside",
        accessibility_notes="Step-free. Large-print handouts available.",
    ),
    VenueSpec(
        name="Riverfront Park Pavilion",
        neighborhood="riverfront",
        address="Riverfront Park, 100 Water Ave, Riverside",
        latitude="45.516000",
        longitude="-122.670000",
        accessibility_notes="Paved path from the parking lot. Portable restrooms.",
    ),
    VenueSpec(
        name="Police Headquarters Community Room",
        neighborhood="downtown",
        address="300 Justice Plaza, Riverside",
        latitude="45.515500",
        longitude="-122.678900",
        accessibility_notes="Security screening at the entrance. Step-free.",
    ),
    VenueSpec(
        name="Maple Park Senior Center",
        neighborhood="maple-park",
        address="48 Maple Ave, Riverside",
        latitude="45.498200",
        longitude="-122.660400",
        accessibility_notes="Step-free. Seating with arms available.",
    ),
    VenueSpec(
        name="Riverside High School Library",
        neighborhood="maple-park",
        address="1 Falcon Way, Riverside",
        accessibility_notes="Step-free via the north entrance.",
    ),
    VenueSpec(
        name="Bridges Mental Health Training Center",
        neighborhood="riverfront",
        address="220 Water Ave, Suite 300, Riverside",
        accessibility_notes="Elevator. Quiet room available on request.",
    ),
)
